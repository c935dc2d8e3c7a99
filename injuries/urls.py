app_name = "injuries"
urlpatterns = []

"""Simplified Chinese by default: the browser's Accept-Language is ignored, so only the language
the user picks (the language cookie) switches the interface."""


class DefaultLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

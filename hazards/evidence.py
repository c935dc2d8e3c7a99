ELEMENTS = ()


def status(community):
    return []


def collect(community, element, period):
    raise NotImplementedError

from hub.plugins import Registry


def register(registry: Registry) -> None:
    pass

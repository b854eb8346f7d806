from . import integrity_self_check_return

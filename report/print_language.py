"""The language the module's official documents print in: the plan's forms are Chinese."""

PRINT_LANGUAGE = "zh_CN"


def print_env(env):
    """``env`` in the print language: the annex tables, notices and exports come out in Chinese wherever it is
    installed, whatever the language of the user who prints them; in the user's language otherwise."""
    if env["res.lang"]._get_data(code=PRINT_LANGUAGE):
        return env(context=dict(env.context, lang=PRINT_LANGUAGE))
    return env

"""The web app: FastAPI + server-rendered Jinja2 (htmx where it helps), Bahasa Indonesia first.

app         :func:`create_app` — wires settings, app state, audit, routes and policies
policy      every route declares who may call it (:func:`allow`); undeclared routes refuse to start
auth        sign-in, sessions, API tokens, first-run setup
csrf        per-session token checked on every state-changing request made with a cookie
i18n        gettext catalogs (Indonesian msgids, English translations) for templates
pages/      the HTML pages, one module per area; api/ the REST API (``/api/v1``)

The web layer calls the library (sources, linkage, integrate, targeting ...); it does not
re-implement it.
"""

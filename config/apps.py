from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project's own wiring: what belongs to no single app."""

    name = "config"
    verbose_name = "Chỉ tiêu"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from config.middleware import stamp_session

        # A session's clocks start when the user signs in (login() is the one place that happens).
        user_logged_in.connect(stamp_session, dispatch_uid="chitieu_stamp_session")

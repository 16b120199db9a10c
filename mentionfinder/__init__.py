"""mentionfinder: dead outbound links and unlinked brand mentions on a niche's resource pages."""

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/mentionfinder/mentionfinder"
USER_AGENT = f"mentionfinder/{__version__} (+{HOMEPAGE})"

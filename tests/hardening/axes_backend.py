"""The sign-in throttling backend for the test suite.

django.test.Client.login() calls authenticate() without a request, which django-axes refuses.
Only that path is let through (to the model backend); every request-carrying sign-in, which is
what the sign-in page does and what the throttling tests drive, is throttled as in production.
"""

from axes.backends import AxesStandaloneBackend


class AxesBackendForTests(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

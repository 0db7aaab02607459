from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Annotators are not staff: they sign in here (settings.LOGIN_URL), not through the admin.
    path("accounts/login/", auth_views.LoginView.as_view(next_page="negotiation_list"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="negotiation_list"), name="logout"),
    path("", include("negotiations.urls")),
]

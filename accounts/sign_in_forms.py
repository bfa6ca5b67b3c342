"""allauth's forms (sign-in, passwords, email address, two-factor codes) with messages
that say what to enter, as GOV.UK's do, instead of "This field is required.".

Named in ACCOUNT_FORMS and MFA_FORMS (config/settings.py); nothing else changes.
"""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa
from allauth.mfa.totp import forms as totp

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com."
CODE = "Enter the code from the email we sent you."
APP_CODE = "Enter the 6-digit code from your authenticator app."


class SaysWhatToEnter:
    """A form mixin: ``required`` maps a field's name to its message when left empty."""

    required: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.required.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        if "email" in self.fields:
            self.fields["email"].error_messages["invalid"] = EMAIL_FORMAT


class LoginForm(SaysWhatToEnter, account.LoginForm):
    required = {"login": "Enter your email address.", "password": "Enter your password."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].error_messages["invalid"] = EMAIL_FORMAT


class ResetPasswordForm(SaysWhatToEnter, account.ResetPasswordForm):
    required = {"email": "Enter your email address."}


class ResetPasswordKeyForm(SaysWhatToEnter, account.ResetPasswordKeyForm):
    required = {"password1": "Enter a new password.", "password2": "Enter the new password again."}


class RequestLoginCodeForm(SaysWhatToEnter, account.RequestLoginCodeForm):
    required = {"email": "Enter your email address."}


class ConfirmLoginCodeForm(SaysWhatToEnter, account.ConfirmLoginCodeForm):
    required = {"code": CODE}


class ConfirmReauthenticationCodeForm(SaysWhatToEnter, account.ConfirmReauthenticationCodeForm):
    required = {"code": CODE}


class ReauthenticateForm(SaysWhatToEnter, account.ReauthenticateForm):
    required = {"password": "Enter your password."}


class ChangePasswordForm(SaysWhatToEnter, account.ChangePasswordForm):
    required = {
        "oldpassword": "Enter your current password.",
        "password1": "Enter a new password.",
        "password2": "Enter the new password again.",
    }


class SetPasswordForm(SaysWhatToEnter, account.SetPasswordForm):
    required = {"password1": "Enter a password.", "password2": "Enter the password again."}


class AddEmailForm(SaysWhatToEnter, account.AddEmailForm):
    required = {"email": "Enter your new email address."}


class ChangeEmailForm(SaysWhatToEnter, account.ChangeEmailForm):
    required = {"email": "Enter your new email address."}


class ActivateTOTPForm(SaysWhatToEnter, totp.ActivateTOTPForm):
    required = {"code": APP_CODE}


class AuthenticateForm(SaysWhatToEnter, mfa.AuthenticateForm):
    required = {"code": "Enter the code from your authenticator app, or a recovery code."}


class MfaReauthenticateForm(SaysWhatToEnter, mfa.ReauthenticateForm):
    required = {"code": "Enter the code from your authenticator app, or a recovery code."}

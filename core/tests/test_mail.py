from django.core.mail import send_mass_mail

BODY = "Dear Pat,\n\nYour invitation: https://example.org/accounts/invitation/secret-token/\n"


def test_the_console_shows_each_email_as_one_line_and_the_folder_keeps_it_whole(
    settings, tmp_path, monkeypatch, capsys
):
    # As under `make run`: the mail folder is under the folder the site runs in.
    monkeypatch.chdir(tmp_path)
    settings.EMAIL_BACKEND = "core.mail.FolderAndConsoleEmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "var" / "mail"

    send_mass_mail(
        [
            ("Your invitation", BODY, None, ["pat@example.org"]),
            ("Action overdue", BODY, None, ["sam@example.org", "jo@example.org"]),
        ]
    )

    [saved] = (tmp_path / "var" / "mail").iterdir()
    assert capsys.readouterr().out.splitlines() == [
        f"Email to pat@example.org: Your invitation (the whole message is in var/mail/{saved.name})",
        "Email to sam@example.org, jo@example.org: Action overdue "
        f"(the whole message is in var/mail/{saved.name})",
    ]
    assert saved.read_text().count("secret-token") == 2

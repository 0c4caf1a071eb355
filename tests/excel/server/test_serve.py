"""``roi-xl serve``: refusals with one line, and HTTPS with a given certificate."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
import subprocess

import pytest

from roi_xl import cli
from roi_xl.excel import serve
from tests.excel.server.serving import roi_xl_command, run_client, serving


def run_serve(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*roi_xl_command(), "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_refuses_to_start_without_a_licence_key():
    # A user's environment: no key, and not the test suite's XLWINGS_ON_SERVER (with it,
    # importing xlwings itself already fails without a key).
    unset = ("XLWINGS_LICENSE_KEY", "XLWINGS_ON_SERVER")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    done = run_serve("--port", "1", env=env)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "XLWINGS_LICENSE_KEY" in lines[0]
    assert "XLWINGS_LICENSE_KEY=noncommercial" in lines[0]  # where the free key is
    assert "https://www.xlwings.org/pricing" in lines[0]


def test_without_the_server_extra_says_how_to_install_it(monkeypatch, capsys):
    real = serve.importlib.util.find_spec

    def find_spec(name, *args):
        return None if name == "xlwings_server" else real(name, *args)

    monkeypatch.setattr(serve.importlib.util, "find_spec", find_spec)
    assert cli.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pip install 'roi-xl[server]'" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cert", "c.pem"], "--cert and --key go together"),
        (["--key", "k.pem"], "--cert and --key go together"),
        (["--cert", "missing.pem", "--key", "missing.key"], "--cert: no such file"),
        (["--port", "70000"], "--port must be between 1 and 65535"),
    ],
)
def test_bad_options_are_one_line(args, message, capsys):
    assert cli.main(["serve", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_a_certificate_that_does_not_load_is_one_line(tmp_path, capsys):
    (tmp_path / "c.pem").write_text("not a certificate")
    (tmp_path / "k.pem").write_text("not a key")
    assert (
        cli.main(["serve", "--cert", str(tmp_path / "c.pem"), "--key", str(tmp_path / "k.pem")])
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "for HTTPS" in err


def self_signed(folder):
    """A certificate for 127.0.0.1 and its key, made here (no network, no CA)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_https_with_the_given_certificate(tmp_path):
    cert, key = self_signed(tmp_path)
    trust = ssl.create_default_context(cafile=str(cert))
    with serving("--cert", str(cert), "--key", str(key), scheme="https", context=trust) as server:
        # The manifest sends Excel to this server over HTTPS ...
        manifest = server.get("/manifest")
        assert f"{server.base}/xlwings/custom-functions-code.js" in manifest
        assert server.base.startswith("https://")
        # ... with the certificate given ...
        port = int(server.base.rsplit(":", 1)[1])
        served = ssl.get_server_certificate(("127.0.0.1", port), timeout=10)
        assert ssl.PEM_cert_to_DER_cert(served) == ssl.PEM_cert_to_DER_cert(cert.read_text())
        # ... and the JavaScript client calls a function over it (FORMULAS.md A: 300%).
        client = run_client(
            server.base,
            [("CS_ROI", [[[400_000]], [[100_000]]])],
            env={"NODE_EXTRA_CA_CERTS": str(cert)},
        )
        assert client["results"] == [{"value": [[3]]}]

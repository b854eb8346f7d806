"""deploy/ says what `make serve` and `make loadtest` run: checks of the files, no Odoo server needed."""

import configparser
import datetime
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import TestCase, skipUnless

import dev
import loadtest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def options(arguments):
    """{option: value} of Odoo command-line arguments (--name=value, or --flag: True)."""
    found = {}
    for argument in arguments:
        name, _sign, value = argument.partition("=")
        found[name.lstrip("-").replace("-", "_")] = value or True
    return found


class TestDeploy(TestCase):
    def setUp(self):
        super().setUp()
        parser = configparser.ConfigParser(inline_comment_prefixes=None, comment_prefixes=(";", "#"))
        parser.read(DEPLOY / "odoo.conf")
        self.conf = parser["options"]

    def test_make_serve_runs_the_configuration(self):
        served = options(dev.serving_options())
        for name in ("max_cron_threads", "limit_memory_soft", "limit_memory_hard", "limit_time_cpu",
                     "limit_time_real", "limit_request"):
            self.assertEqual(self.conf[name], served[name], name)
        self.assertEqual(self.conf["proxy_mode"], "True")
        self.assertIs(served["proxy_mode"], True)

    def test_haproxy_lets_one_request_per_worker_through(self):
        text = (DEPLOY / "haproxy.cfg").read_text()
        servers = re.findall(r"^\s*server odoo 127\.0\.0\.1:(\d+) maxconn (\d+)", text, re.MULTILINE)
        self.assertEqual(servers, [(self.conf["http_port"], self.conf["workers"])])
        self.assertIn(f"127.0.0.1:{self.conf['gevent_port']}", text, "websockets go to the gevent port")
        self.assertIn(f"maxconn {loadtest.WORKERS}\n", loadtest.proxy_config(), "the load test queues the same way")

    @skipUnless(shutil.which("haproxy") and shutil.which("openssl"), "HAProxy or openssl is not installed")
    def test_haproxy_accepts_both_configurations(self):
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=localhost", "-keyout", tmp / "key.pem", "-out", tmp / "cert.pem"],
                       check=True, capture_output=True)
        (tmp / "both.pem").write_bytes((tmp / "cert.pem").read_bytes() + (tmp / "key.pem").read_bytes())
        text = (DEPLOY / "haproxy.cfg").read_text()
        certificate = re.search(r"ssl crt (\S+)", text).group(1)
        (tmp / "production.cfg").write_text(text.replace(certificate, str(tmp / "both.pem")))
        (tmp / "loadtest.cfg").write_text(loadtest.proxy_config())
        for name in ("production.cfg", "loadtest.cfg"):
            checked = subprocess.run(["haproxy", "-c", "-f", tmp / name], capture_output=True, text=True)
            self.assertEqual(checked.returncode, 0, f"{name}: {checked.stdout}{checked.stderr}")

    def test_load_test_reads_the_wait_for_a_worker_from_haproxy_log(self):
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (tmp / "haproxy.log").write_text(
            '127.0.0.1:55612 [29/Nov/2026:23:20:52.416] people odoo_workers/odoo 0/35/0/742/777 200 4232 - - ---- '
            '1/1/0/0/0 0/0 "POST /web/session/authenticate HTTP/1.1"\n'
            '127.0.0.1:55600 [29/Nov/2026:23:20:51.036] people people/<NOSRV> -1/-1/-1/-1/0 400 0 - - CR-- '
            '1/1/0/0/0 0/0 "<BADREQ>"\n'
            '[NOTICE]   (11489) : haproxy version is 2.6.12-1+deb12u4\n')
        waits = loadtest.proxy_waits(tmp / "haproxy.log")
        self.assertEqual([wait for _stamp, wait in waits], [35], "requests that never queued are left out")
        accepted = datetime.datetime.fromtimestamp(waits[0][0])
        self.assertEqual(accepted, datetime.datetime(2026, 11, 29, 23, 20, 52, 416000))

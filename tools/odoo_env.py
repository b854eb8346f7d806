"""Odoo 18.0 for the project's commands, fetched and set up once per user when ``python3`` lacks it.

Where the interpreter running the command imports Odoo 18.0, nothing happens. Otherwise Odoo's sources
come from ``ODOO_SRC``: by default the official repository (https://github.com/odoo/odoo.git, branch
18.0, shallow), or a local git directory, a source tree or a source archive (.tar.gz, .zip); ``ODOO_REF``
pins a branch, tag or commit. They are unpacked into a cache outside the checkout, with a virtual
environment holding Odoo's requirements and the project's; every clone on the machine reuses it:

    ${XDG_CACHE_HOME:-~/.cache}/integrity_risk/odoo-18.0/{src,venv}

The command then runs again in that environment. Odoo's code is never copied into the checkout.
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile
from pathlib import Path

OFFICIAL_SOURCE = "https://github.com/odoo/odoo.git"
DEFAULT_REF = "18.0"
PROBE = "import odoo.release as r, sys; sys.exit(0 if r.version_info[0] == 18 else 3)"
# Odoo's requirements that would compile against system headers, and what to take instead
BINARY_INSTEAD = {"psycopg2": "psycopg2-binary"}
NEEDS_HEADERS = {"python-ldap": ("ldap.h", "sasl/sasl.h")}
# Constraints on every pip run, build environments included: cbor2 (an Odoo requirement) builds with setuptools'
# older API; gevent loads its plugins through the venv's pkg_resources (setuptools 65 in a Python 3.11 venv),
# which does not find newer zope.* wheels by their normalized names, and the websocket process of multi-process
# mode (make serve) would fail to start, again and again
BUILD_CONSTRAINTS = "setuptools<70\nzope.interface<7\nzope.event<5.1\n"


def cache_root():
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "integrity_risk" / "odoo-18.0"


def odoo_importable(python):
    return subprocess.run([python, "-c", PROBE], capture_output=True).returncode == 0


def venv_python(venv):
    return venv / "bin" / "python"


class SetupError(Exception):
    """What is missing, and how to get it."""


def ensure(say, project_requirements):
    """Return the interpreter to run the command with: this one when it imports Odoo 18.0, else the cache's.

    ``project_requirements``: [(requirements file, extra pip arguments)] installed into a new environment.
    """
    if odoo_importable(sys.executable):
        return sys.executable
    root = cache_root()
    asked = bool(os.environ.get("ODOO_SRC") or os.environ.get("ODOO_REF"))
    source = os.environ.get("ODOO_SRC") or OFFICIAL_SOURCE
    ref = os.environ.get("ODOO_REF") or DEFAULT_REF
    stamp = f"{source}@{ref}"
    venv = root / "venv"
    ready = root / "ready"  # where the cache's Odoo came from, written once it works
    # a cache made from any source serves later runs, unless they ask for another source or version
    if ready.exists() and (not asked or ready.read_text().strip() == stamp) \
            and odoo_importable(str(venv_python(venv))):
        return str(venv_python(venv))
    say(f"python3 ({sys.executable}) does not import Odoo 18.0: setting it up once in {root}")
    root.mkdir(parents=True, exist_ok=True)
    src = root / "src"
    say(f"[1/4] Odoo's sources from {source} ({ref})")
    fetch_sources(source, ref, src, say)
    say(f"[2/4] a virtual environment in {venv}")
    if venv.exists():
        shutil.rmtree(venv)
    result = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
    if result.returncode:
        raise SetupError(f"python3 could not create a virtual environment ({result.stderr.strip()[-300:]}); on "
                         f"Debian or Ubuntu: apt-get install python3-venv")
    python = str(venv_python(venv))
    say("[3/4] Odoo's Python requirements (binary wheels where a package would need system headers)")
    requirements = root / "odoo-requirements.txt"
    requirements.write_text(adapted_requirements((src / "requirements.txt").read_text()))
    pip(python, ["-r", str(requirements)], root, say)
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "odoo-18.0-source.pth").write_text(f"{src}\n")  # `import odoo` finds the sources
    say("[4/4] the project's own Python requirements")
    for path, extra in project_requirements:
        pip(python, [*extra, "-r", str(path)], root, say)
    if not odoo_importable(python):
        raise SetupError(f"Odoo was set up in {root}, but {python} still does not import it; remove {root} "
                         f"and try again")
    ready.write_text(stamp)
    say(f"Odoo 18.0 is ready in {root}; later runs and other clones reuse it")
    return python


def fetch_sources(source, ref, target, say):
    """Unpack Odoo's sources from a git repository (remote or local), a source tree or an archive."""
    if target.exists():
        shutil.rmtree(target)
    path = Path(source).expanduser()
    if path.is_file():
        extract_archive(path, target)
    elif path.is_dir() and (path / "odoo" / "release.py").exists() and not git_dir(path):
        shutil.copytree(path, target, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    elif path.is_dir():
        if not git_dir(path):
            raise SetupError(f"ODOO_SRC={source} is neither a git repository nor Odoo's source tree")
        target.mkdir(parents=True)
        # streamed: Odoo's tree is several hundred MB
        archive = subprocess.Popen(["git", "--git-dir", git_dir(path), "archive", "--format=tar", ref],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        unpack = subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout)
        archive.stdout.close()
        error = archive.stderr.read().decode()
        if archive.wait() or unpack.returncode:
            raise SetupError(f"{source} has no {ref}: {error.strip()[-300:]}; set ODOO_REF to a branch, tag or "
                             f"commit of Odoo 18.0")
    else:
        clone(source, ref, target, say)
    if not (target / "odoo" / "release.py").exists():
        raise SetupError(f"{source} ({ref}) does not hold Odoo's sources (no odoo/release.py)")
    release = (target / "odoo" / "release.py").read_text()
    if not re.search(r"version_info\s*=\s*\(\s*18\s*,", release):
        raise SetupError(f"{source} ({ref}) is not Odoo 18.0; set ODOO_REF=18.0 or a commit of that branch")


def git_dir(path):
    result = subprocess.run(["git", "-C", str(path), "rev-parse", "--absolute-git-dir"], capture_output=True,
                            text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def clone(url, ref, target, say):
    if not shutil.which("git"):
        raise SetupError("git is needed to fetch Odoo (apt-get install git), or set ODOO_SRC to a source archive")
    say(f"      cloning {url} at {ref} (shallow, a few hundred MB) ...")
    target.mkdir(parents=True)
    steps = [["git", "init", "-q"], ["git", "remote", "add", "origin", url],
             ["git", "fetch", "--depth", "1", "--progress", "origin", ref],
             ["git", "checkout", "-q", "FETCH_HEAD"]]
    for step in steps:
        if subprocess.run(step, cwd=target).returncode:
            raise SetupError(f"could not fetch {ref} from {url} ({' '.join(step[:2])} failed): check the network, "
                             f"or set ODOO_SRC to a local copy of Odoo 18.0 (git directory, source tree or archive)")


def extract_archive(path, target):
    with tempfile.TemporaryDirectory() as tmp:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as bundle:
                bundle.extractall(tmp)
        elif tarfile.is_tarfile(path):
            with tarfile.open(path) as bundle:
                safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # Python 3.11.4 and later
                bundle.extractall(tmp, **safe)
        else:
            raise SetupError(f"{path} is not a .tar(.gz) or .zip archive")
        roots = list(Path(tmp).iterdir())
        top = roots[0] if len(roots) == 1 and roots[0].is_dir() else Path(tmp)
        shutil.copytree(top, target, symlinks=True)


def adapted_requirements(text):
    """Odoo's requirements.txt with binary wheels for packages that would compile against system headers."""
    include = Path(sysconfig.get_config_var("INCLUDEDIR") or "/usr/include")
    lines = []
    for line in text.splitlines():
        name = re.split(r"[<>=!~;\[ ]", line.strip(), maxsplit=1)[0]
        if name in BINARY_INSTEAD:
            line = line.replace(name, BINARY_INSTEAD[name], 1)
        elif name in NEEDS_HEADERS and not all(
                (include / header).exists() or Path("/usr/include", header).exists()
                for header in NEEDS_HEADERS[name]):
            line = f"# {line}  (skipped: its C headers are not installed; only LDAP login needs it)"
        lines.append(line)
    return "\n".join(lines) + "\n"


def pip(python, args, root, say):
    constraints = root / "build-constraints.txt"
    constraints.write_text(BUILD_CONSTRAINTS)
    env = dict(os.environ, PIP_CONSTRAINT=str(constraints), PIP_DISABLE_PIP_VERSION_CHECK="1")
    result = subprocess.run([python, "-m", "pip", "install", "--progress-bar", "off", *args], env=env)
    if result.returncode:
        raise SetupError(f"pip could not install {' '.join(args)} into {root / 'venv'} (see above); a package that "
                         f"compiles may need its system headers (apt-get install libpq-dev libldap2-dev "
                         f"libsasl2-dev python3-dev)")

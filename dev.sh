#!/bin/sh
# Set up crmlab in a local virtual environment (.venv) and run it.
#   sh dev.sh lab    set up, then open JupyterLab on the welcome lesson (in Chinese when
#                    CRMLAB_LANGUAGE=zh_CN or the locale is Chinese)
#   sh dev.sh test   set up, then run the whole test suite (extra arguments go to pytest)
set -eu
cd "$(dirname "$0")"
VENV=.venv

# crmlab needs Python 3.11+ (pandas 3 does). Use $PYTHON if set, else the first suitable
# interpreter on the PATH.
find_python() {
    for candidate in ${PYTHON:-} python3 python3.14 python3.13 python3.12 python3.11 python; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

setup() {
    if ! PYTHON=$(find_python); then
        echo "crmlab needs Python 3.11 or newer, and none was found on the PATH." >&2
        echo "Install one (python.org, your package manager, or 'uv python install 3.12')," >&2
        echo "or point PYTHON at it: PYTHON=/path/to/python3.12 sh dev.sh lab" >&2
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        echo "creating the virtual environment $VENV ..."
        "$PYTHON" -m venv "$VENV"
    fi
    stamp="$VENV/.crmlab-installed"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        echo "installing crmlab and its dependencies into $VENV (first time: a few minutes) ..."
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet -e ".[test]"
        touch "$stamp"
    fi
}

case "${1:-}" in
    lab)
        setup
        shift
        # JupyterLab refuses to run as root (containers, some classroom servers) without this flag
        if [ "$(id -u)" = "0" ]; then set -- --allow-root "$@"; fi
        # serve the whole kit (lessons, exercises, data) and open the welcome lesson in the
        # language crmlab speaks (CRMLAB_LANGUAGE, else the locale): with Chinese, the Chinese
        # edition and JupyterLab's menus in Chinese (crmlab/lab.py decides; --print-command
        # prints what would run instead of running it)
        exec "$VENV/bin/python" -m crmlab.lab "$PWD" "$@"
        ;;
    test)
        setup
        shift
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *)
        echo "usage: sh dev.sh lab | sh dev.sh test [pytest arguments]" >&2
        exit 2
        ;;
esac

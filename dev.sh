#!/bin/sh
# Set up crmlab in a local virtual environment (.venv) and run it.
#   sh dev.sh lab    set up, then open JupyterLab on the welcome lesson
#   sh dev.sh test   set up, then run the whole test suite (extra arguments go to pytest)
set -eu
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
VENV=.venv

setup() {
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        echo "crmlab needs Python 3.10 or newer; '$PYTHON' is missing or older. Set PYTHON=/path/to/python3." >&2
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
        exec "$VENV/bin/python" -m jupyter lab notebooks/00_welcome.ipynb "$@"
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

# Shared by the deploy/local scripts (sourced, not run).

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs Debian packages; the package lists are refreshed only when older than an hour, so the
# ensure-* scripts of one test run do not each run apt-get update.
apt_install() {
  if [ -z "$(find /var/lib/apt/lists -maxdepth 0 -mmin -60 2>/dev/null)" ]; then
    as_root apt-get update -q
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

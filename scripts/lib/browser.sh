# Chromium and its WebDriver (Debian's packages) for the browser tests, plus CJK fonts so the
# Chinese screens render (and their screenshots show) real glyphs. Exports the paths the tests use.

browser_install() {
  step "Chromium and chromedriver for the browser tests"
  apt_install chromium chromium-driver fonts-wqy-microhei
  local chromium chromedriver
  chromium=$(command -v chromium || true)
  chromedriver=$(command -v chromedriver || true)
  [ -n "$chromium" ] || die "chromium is not installed (apt-get install chromium)"
  [ -n "$chromedriver" ] || die "chromedriver is not installed (apt-get install chromium-driver)"
  info "$("$chromium" --version 2>/dev/null | head -n 1)"
  export PARLEY_TEST_CHROMIUM="$chromium"
  export PARLEY_TEST_CHROMEDRIVER="$chromedriver"
}

# axe-core, the accessibility checker the browser tests run in each screen (from npm: no WebJar of
# a current version is on Maven Central). Kept outside target/ so a Maven clean keeps it.
AXE_VERSION=4.11.0

axe_install() {
  step "axe-core $AXE_VERSION for the accessibility checks"
  local dir="$PARLEY_ROOT/.cache/axe-core-$AXE_VERSION"
  if [ ! -f "$dir/node_modules/axe-core/axe.min.js" ]; then
    command -v npm >/dev/null || apt_install npm
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "axe-core@$AXE_VERSION" >/dev/null \
      || die "npm could not install axe-core@$AXE_VERSION"
  fi
  export PARLEY_TEST_AXE="$dir/node_modules/axe-core/axe.min.js"
  info "axe-core at $PARLEY_TEST_AXE"
}

# standardwebhooks, the Standard Webhooks reference library (npm), which the webhook tests run as
# the receiver would, to verify Parley's signatures with someone else's code.
STANDARDWEBHOOKS_VERSION=1.1.1

standardwebhooks_install() {
  step "standardwebhooks $STANDARDWEBHOOKS_VERSION to verify webhook signatures"
  local dir="$PARLEY_ROOT/.cache/standardwebhooks-$STANDARDWEBHOOKS_VERSION"
  if [ ! -f "$dir/node_modules/standardwebhooks/package.json" ]; then
    command -v npm >/dev/null || apt_install npm
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" \
      "standardwebhooks@$STANDARDWEBHOOKS_VERSION" >/dev/null \
      || die "npm could not install standardwebhooks@$STANDARDWEBHOOKS_VERSION"
  fi
  export PARLEY_TEST_STANDARDWEBHOOKS="$dir/node_modules"
  info "standardwebhooks at $PARLEY_TEST_STANDARDWEBHOOKS"
}

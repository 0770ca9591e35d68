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

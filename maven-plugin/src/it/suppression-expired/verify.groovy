// The suppression expired: the finding counts again, with a warning naming the entry.
def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING]') && log.contains('expired on 2020-01-01')
assert log.contains('Preflight gate FAIL: 1 finding at or above high')
assert log.contains('its suppression expired on 2020-01-01')

// A corpus where earlier versions kept it: target/preflight/fuzz-corpus/<program hash>/.
def old = new File(basedir, 'target/preflight/fuzz-corpus/0123abcd')
old.mkdirs()
new File(old, 'fuzz.unauthorized-success-legacy.json').text = '{"checkId":"fuzz.unauthorized-success","instruction":"nothing-that-fits","template":0,"mutations":[]}\n'
true

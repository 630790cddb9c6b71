// The corpus lives in the project: the old one under target/ was moved once with an info line,
// the new finding was kept in src/test/preflight/corpus, and -Dpreflight.fuzz.corpus moved the
// next run's cases to another directory.
def log = new File(basedir, 'build.log').text
assert log.count('moved 1 saved fuzz case from target/preflight/fuzz-corpus to src/test/preflight/corpus') == 1 : log
assert !new File(basedir, 'target/preflight/fuzz-corpus').exists() : 'the old corpus is read once'

def corpus = new File(basedir, 'src/test/preflight/corpus')
assert new File(corpus, '0123abcd/fuzz.unauthorized-success-legacy.json').isFile()
def found = { File dir -> dir.listFiles()?.findAll { it.isDirectory() && it.name != '0123abcd' }
    ?.collectMany { it.listFiles().findAll { f -> f.name.startsWith('fuzz.unauthorized-success-') } } ?: [] }
assert found(corpus).size() >= 1 : 'the finding is kept in the project'
assert found(new File(basedir, 'ci/corpus')).size() >= 1 : '-Dpreflight.fuzz.corpus names the directory'
assert log.count('Preflight gate FAIL') == 2
true

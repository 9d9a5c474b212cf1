import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { acquireDataDirLock, DATA_DIR_LOCK_FILE, DataDirLockedError } from '../src/node/data-dir-lock.js'
import { cleanup, tempDir } from './helpers.js'

describe('data directory lock', function () {
  let dir: string

  beforeEach(async function () {
    dir = await tempDir()
  })

  afterEach(async function () {
    await cleanup(dir)
  })

  it('refuses a second holder while the first holds it, and is free again after release', async function () {
    const first = await acquireDataDirLock(dir)
    assert.equal(first.path, join(dir, DATA_DIR_LOCK_FILE))
    assert.match(await readFile(first.path, 'utf8'), new RegExp(`^${process.pid}\\b`))

    await assert.rejects(acquireDataDirLock(dir), (err: any) => {
      assert.ok(err instanceof DataDirLockedError)
      assert.equal(err.name, 'DataDirLockedError')
      assert.equal(err.message, `the data directory ${dir} is in use by another cascade process (pid ${process.pid}); stop it first, or use another --data`)
      return true
    })

    await first.release()
    await first.release()
    const second = await acquireDataDirLock(dir)
    await second.release()
  })

  it('refuses while another live process holds it', async function () {
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' })
    try {
      await writeFile(join(dir, DATA_DIR_LOCK_FILE), `${holder.pid}\n`)
      await assert.rejects(acquireDataDirLock(dir), new RegExp(`in use by another cascade process \\(pid ${holder.pid}\\)`))
      assert.equal(await readFile(join(dir, DATA_DIR_LOCK_FILE), 'utf8'), `${holder.pid}\n`, 'the holder\'s lock is left alone')
    } finally {
      holder.kill('SIGKILL')
    }
  })

  it('takes over a stale lock whose process is gone', async function () {
    const gone = spawn('true', [], { stdio: 'ignore' })
    await new Promise(resolve => gone.once('exit', resolve))
    await writeFile(join(dir, DATA_DIR_LOCK_FILE), `${gone.pid}\n`)

    const lock = await acquireDataDirLock(dir)
    assert.match(await readFile(lock.path, 'utf8'), new RegExp(`^${process.pid}\\b`))
    await lock.release()
  })

  it('takes over a lock with this process\'s pid that this process did not take (a restart given the same pid)', async function () {
    await writeFile(join(dir, DATA_DIR_LOCK_FILE), `${process.pid}\n`)
    const lock = await acquireDataDirLock(dir)
    await lock.release()
  })

  it('takes over an empty or garbled lock file a crash left', async function () {
    await writeFile(join(dir, DATA_DIR_LOCK_FILE), '')
    const lock = await acquireDataDirLock(dir)
    await lock.release()
  })

  it('creates a missing data directory', async function () {
    const lock = await acquireDataDirLock(join(dir, 'new'))
    assert.equal(lock.dataDir, join(dir, 'new'))
    await lock.release()
  })
})

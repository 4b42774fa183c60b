// Drives our server with janode (Meetecho's Node.js client) over WebSocket and the Admin API.
// Usage: node test.mjs <ws-url> <admin-ws-url> <admin-secret> <plugin-package>
import Janode from 'janode';
import Handle from 'janode/handle';

// A plugin handle as janode's own plugins write them: plugin events close the transaction they answer.
class EchoHandle extends Handle {
  handleMessage(message) {
    if (!message.plugindata) return null;
    const { transaction } = message;
    if (transaction && this.ownsTransaction(transaction)) {
      this.closeTransactionWithSuccess(transaction, message);
    } else {
      this.emit('echo_event', message);
    }
    return message;
  }
}

const [wsUrl, adminUrl, adminSecret, plugin] = process.argv.slice(2);
if (!wsUrl || !adminUrl || !plugin) {
  console.error('usage: node test.mjs <ws-url> <admin-ws-url> <admin-secret> <plugin-package>');
  process.exit(2);
}
Janode.Logger.setLevel('warning');

const fail = (message) => {
  console.error(`FAIL ${message}`);
  process.exit(1);
};
const check = (condition, message) => {
  if (!condition) fail(message);
  console.log(`ok ${message}`);
};
setTimeout(() => fail('timed out'), 20000).unref();

const connection = await Janode.connect({ address: { url: wsUrl }, max_retries: 1 });
const info = await connection.getInfo();
check(info.janus === 'server_info' && info.plugins[plugin] !== undefined, 'info lists the plugin');

const session = await connection.create(10);
check(typeof session.id === 'number' && session.id > 0, `session created (${session.id})`);

const handle = await session.attach({ id: plugin, Handle: EchoHandle });
check(typeof handle.id === 'number' && handle.id > 0, `handle attached (${handle.id})`);

const sync = await handle.message({ request: 'sync', text: 'hello' });
check(sync.janus === 'success' && sync.plugindata.data.echo.text === 'hello', 'synchronous message answered');

const async = await handle.message({ request: 'async', text: 'later' });
check(async.janus === 'event' && async.plugindata.data.echo.text === 'later', 'asynchronous message answered by an event');

const admin = await Janode.connect({ address: { url: adminUrl, apisecret: adminSecret }, is_admin: true, max_retries: 1 });
const sessions = await admin.listSessions();
check(sessions.sessions.includes(session.id), 'admin list_sessions shows the session');
const handles = await admin.listHandles(session.id);
check(handles.handles.includes(handle.id), 'admin list_handles shows the handle');
const handleInfo = await admin.handleInfo(session.id, handle.id);
check(handleInfo.info.plugin === plugin, 'admin handle_info names the plugin');

const detached = new Promise((resolve) => handle.once(Janode.EVENT.HANDLE_DETACHED, resolve));
await handle.detach();
await detached;
check(true, 'handle detached');

await session.destroy();
check(true, 'session destroyed');

const after = await admin.listSessions();
check(!after.sessions.includes(session.id), 'session gone from list_sessions');

await admin.close();
await connection.close();
console.log('JANODE INTEROP PASSED');
process.exit(0);

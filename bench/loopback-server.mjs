// A minimal JSON "provider" for the Bus-overhead benchmark, run in its own process (as a real
// provider would be) so its work does not share the measured thread. Sends its port to the parent.
import { createServer } from 'node:http';

let counter = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: String(++counter) }));
  });
});
server.listen(0, '127.0.0.1', () => process.send?.(server.address().port));
process.on('disconnect', () => server.close(() => process.exit(0)));

import { main } from './program';

// A reader that stops early (`infrafabric providers | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The bin. Exit through process.exitCode so pending stdout writes are flushed first.
process.exitCode = await main(process.argv);

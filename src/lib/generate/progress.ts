// A one-line progress indicator for the model call: elapsed time and streamed output size.
// Silent when the output is not a terminal, so logs and pipes stay clean.
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  update(outputChars: number): void;
  stop(): number;
}

export function startProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let chars = 0;
  let frame = 0;
  const live = Boolean(stream.isTTY && process.stdout.isTTY);
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const size = chars > 0 ? `, ${(chars / 1024).toFixed(1)} kB written so far` : '';
    stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds}s${size}`);
  };
  const timer = live ? setInterval(draw, 100) : undefined;
  return {
    update(outputChars) {
      chars = outputChars;
    },
    stop() {
      if (timer) {
        clearInterval(timer);
        stream.write('\r\x1b[2K');
      }
      return Date.now() - started;
    },
  };
}

import { connect } from 'node:net';
import type { HttpResult } from './clients';

/**
 * Sends `text` as it is on a fresh TCP connection and reads the whole answer: for
 * requests no HTTP client will send (oversized or malformed headers, odd Expect).
 */
export function rawHttp(baseUrl: string, text: string): Promise<HttpResult> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = new Headers();
      for (const line of headerLines) {
        const at = line.indexOf(':');
        if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      const text = rest.join('\r\n\r\n');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the test looks at the text
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

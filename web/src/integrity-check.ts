/**
 * The integrity check of a server-rendered story page (/q/<code>): a small script of its own, outside the app's
 * bundle, that reads the signed head and proofs the page embeds, verifies them with WebCrypto (lib/integrity.ts)
 * and writes the outcome under the server's line. Its texts come from the page (the server's catalogues), in the
 * page's language.
 */
import { type ProofData, type TreeHeadData, verifyInBrowser } from './lib/integrity.js';

async function run(): Promise<void> {
  const data = document.getElementById('zs-integrity-data');
  const line = document.getElementById('integrity-browser');
  if (!data || !line) return;
  let parsed: { treeHead: TreeHeadData; nodes: string[]; proofs: ProofData[] };
  try {
    parsed = JSON.parse(data.textContent ?? '');
  } catch {
    return;
  }
  const verdict = await verifyInBrowser(parsed.treeHead, parsed.nodes, parsed.proofs).catch(
    () => 'failed' as const,
  );
  line.textContent = line.dataset[verdict] ?? '';
  line.dataset.browser = verdict;
  line.hidden = false;
  if (verdict === 'failed') {
    line.className = 'zs-banner zs-banner-warn';
    line.setAttribute('role', 'alert');
  }
}

void run();

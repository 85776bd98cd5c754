/**
 * The stylesheet of the public pages, one string shared by the server-rendered story pages (inlined, so a slow
 * phone renders them from the first response) and the web app (web/src/public, injected once).
 */
export const PUBLIC_CSS = `
*,*::before,*::after{box-sizing:border-box}
:root{--ink:#1d2521;--muted:#5d6b64;--line:#dde4e0;--bg:#f5f7f6;--card:#fff;--brand:#0b6e4f;--brand-ink:#fff;
--warn:#b3261e;--warn-bg:#fdecea;--caution:#8a5a00;--caution-bg:#fff4d6;--ok:#0b6e4f;--ok-bg:#e6f4ee}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Noto Sans SC","Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--brand)}
.zs-skip{position:absolute;left:-999px}.zs-skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:9}
.zs-top{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:10px 16px;background:var(--brand);color:var(--brand-ink)}
.zs-top a{color:var(--brand-ink);text-decoration:none;font-weight:600}
.zs-lang{display:flex;gap:10px;font-size:14px}.zs-lang a[aria-current]{text-decoration:underline;font-weight:700}
.zs-main{max-width:640px;margin:0 auto;padding:12px 14px 40px}
.zs-card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 16px;margin:12px 0}
.zs-card h1,.zs-card h2{margin:0 0 8px;line-height:1.3}.zs-card h1{font-size:22px;overflow-wrap:anywhere}.zs-card h2{font-size:17px}
.zs-banner{border-radius:12px;padding:12px 14px;margin:12px 0;font-weight:600}
.zs-banner p{margin:4px 0}
.zs-banner-warn{background:var(--warn-bg);color:var(--warn);border:1px solid #f3b8b3}
.zs-banner-caution{background:var(--caution-bg);color:var(--caution);border:1px solid #f0d48a}
.zs-banner-ok{background:var(--ok-bg);color:var(--ok);border:1px solid #b5dcc9}
.zs-facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}
.zs-facts dt{color:var(--muted)}.zs-facts dd{margin:0;overflow-wrap:anywhere}
.zs-timeline{list-style:none;margin:0;padding:0 0 0 14px;border-left:3px solid var(--line)}
.zs-timeline li{position:relative;margin:0 0 14px;padding-left:10px}
.zs-timeline li.zs-omitted{color:var(--muted);font-style:italic}
.zs-timeline li.zs-omitted::before{background:#fff;border:2px dashed var(--line)}
.zs-timeline li::before{content:"";position:absolute;left:-23px;top:6px;width:13px;height:13px;border-radius:50%;background:var(--brand);border:2px solid #fff}
.zs-step{font-weight:700}.zs-meta{color:var(--muted);font-size:14px}
.zs-integrity-ok{color:var(--ok);font-weight:600;margin:8px 0 0}
.zs-docs{margin:0;padding-left:18px}
.zs-code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:14px;overflow-wrap:anywhere}
.zs-muted{color:var(--muted);font-size:14px}
.zs-form{display:flex;flex-direction:column;gap:10px}
.zs-form label{font-weight:600}
.zs-input{width:100%;font-size:18px;padding:12px;border:1px solid #b8c4be;border-radius:10px}
.zs-row{display:flex;gap:10px;flex-wrap:wrap;margin:10px 0}
.zs-btn{appearance:none;border:0;border-radius:10px;padding:12px 18px;font-size:17px;font-weight:600;background:var(--brand);color:var(--brand-ink);cursor:pointer;text-decoration:none;display:inline-block;text-align:center}
.zs-btn-secondary{background:#fff;color:var(--brand);border:2px solid var(--brand)}
.zs-btn[disabled]{opacity:.6}
.zs-video{width:100%;max-height:50vh;border-radius:12px;background:#000}
.zs-check{display:flex;gap:8px;align-items:flex-start;font-size:14px;color:var(--muted)}
.zs-foot{text-align:center;color:var(--muted);font-size:13px;margin-top:24px}
`;

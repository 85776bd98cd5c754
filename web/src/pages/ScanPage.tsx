/**
 * Scan: the phone camera (getUserMedia) decoding QR, DataMatrix and EAN-13 frame by frame, and a photo upload for
 * phones that refuse the camera. A decoded code opens its page; a link to another site is shown, never followed.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Failure } from '../components/Failure.js';
import { classify, type Decoded, decodeImage } from '../lib/decode.js';
import { type LookupFailure, openStory } from '../lib/lookup.js';
import { navigate } from '../lib/navigation.js';

type CameraState =
  | { kind: 'off' }
  | { kind: 'starting' }
  | { kind: 'on' }
  | { kind: 'unavailable'; reason: string };

/** The scan page. */
export function ScanPage() {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [camera, setCamera] = useState<CameraState>({ kind: 'off' });
  const [busy, setBusy] = useState(false);
  const [noCode, setNoCode] = useState(false);
  const [decoded, setDecoded] = useState<Decoded | null>(null);
  const [failure, setFailure] = useState<LookupFailure | null>(null);

  const stop = () => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    setCamera((c) => (c.kind === 'unavailable' ? c : { kind: 'off' }));
  };
  // Leaving the page releases the camera (the ref, not state: the cleanup must see the live stream).
  useEffect(
    () => () => {
      for (const track of stream.current?.getTracks() ?? []) track.stop();
    },
    [],
  );

  async function found(text: string) {
    const d = classify(text);
    setDecoded(d);
    if (d.kind === 'code') {
      stop();
      const failed = await openStory(d.code);
      if (failed) setFailure(failed);
    }
  }

  async function start() {
    setDecoded(null);
    setNoCode(false);
    if (!navigator.mediaDevices?.getUserMedia) {
      setCamera({ kind: 'unavailable', reason: 'getUserMedia' });
      return;
    }
    setCamera({ kind: 'starting' });
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
    } catch (e) {
      setCamera({ kind: 'unavailable', reason: e instanceof Error ? e.name : String(e) });
      return;
    }
    const v = video.current;
    if (!v) return;
    v.srcObject = stream.current;
    await v.play().catch(() => undefined);
    setCamera({ kind: 'on' });
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const tick = async () => {
      if (!stream.current || !ctx) return;
      if (v.videoWidth > 0) {
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        ctx.drawImage(v, 0, 0);
        const text = await decodeImage(ctx.getImageData(0, 0, canvas.width, canvas.height)).catch(() => null);
        if (text) return void found(text);
      }
      setTimeout(() => void tick(), 250);
    };
    void tick();
  }

  async function upload(file: File | undefined) {
    if (!file) return;
    setDecoded(null);
    setNoCode(false);
    setBusy(true);
    const text = await decodeImage(file).catch(() => null);
    setBusy(false);
    if (text) await found(text);
    else setNoCode(true);
  }

  return (
    <section className="zs-card">
      <h1>{t('scan.heading')}</h1>
      <p className="zs-muted">{t('scan.formats')}</p>
      <video
        ref={video}
        className="zs-video"
        playsInline
        muted
        hidden={camera.kind !== 'on'}
        aria-label={t('scan.heading')}
      />
      <div className="zs-row">
        {camera.kind === 'on' ? (
          <button type="button" className="zs-btn zs-btn-secondary" onClick={stop}>
            {t('scan.stop')}
          </button>
        ) : (
          <button
            type="button"
            className="zs-btn"
            onClick={() => void start()}
            disabled={camera.kind === 'starting'}
          >
            {camera.kind === 'starting' ? t('scan.starting') : t('scan.start')}
          </button>
        )}
      </div>
      {camera.kind === 'unavailable' && (
        <p className="zs-banner zs-banner-caution" role="alert" data-camera="unavailable">
          {t('scan.cameraUnavailable', { reason: camera.reason })}
        </p>
      )}
      <div className="zs-form">
        <label htmlFor="photo">{t('scan.upload')}</label>
        <input
          id="photo"
          type="file"
          accept="image/*"
          capture="environment"
          onChange={(e) => void upload(e.target.files?.[0])}
        />
        <p className="zs-muted">{t('scan.uploadHint')}</p>
      </div>
      {busy && <p role="status">{t('scan.decoding')}</p>}
      {noCode && (
        <p className="zs-banner zs-banner-caution" role="alert" data-result="none">
          {t('scan.noCode')}
        </p>
      )}
      {decoded?.kind === 'code' && (
        <p className="zs-banner zs-banner-ok" role="status" data-result="code">
          {t('scan.found', { text: decoded.code })}
        </p>
      )}
      {decoded?.kind === 'foreign' && (
        <div className="zs-banner zs-banner-caution" role="alert" data-result="foreign">
          <p>{t('scan.foreignUrl')}</p>
          <p className="zs-code">{decoded.url}</p>
          <p>{t('scan.foreignWarning')}</p>
        </div>
      )}
      {failure && (
        <Failure failure={failure} onRetry={() => decoded?.kind === 'code' && void found(decoded.code)} />
      )}
      <p>
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault();
            stop();
            navigate('/');
          }}
        >
          {t('scan.back')}
        </a>
      </p>
    </section>
  );
}

/** A QR code drawn as inline SVG, computed on the device (no image service, no network). */
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/** The quiet zone the QR standard asks for around the code, in modules. */
const QUIET = 4;

export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const { path, modules } = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const count = qr.getModuleCount();
    let d = '';
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) if (qr.isDark(row, col)) d += `M${col} ${row}h1v1h-1z`;
    }
    return { path: d, modules: count };
  }, [text]);
  const extent = modules + 2 * QUIET;
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`${-QUIET} ${-QUIET} ${extent} ${extent}`} width={size} height={size} shapeRendering="crispEdges">
      <rect x={-QUIET} y={-QUIET} width={extent} height={extent} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

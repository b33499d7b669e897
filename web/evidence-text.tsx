/** The normalised text with the selected evidence highlighted; clicking a passage lists the values taken from it. */
import { useEffect, useMemo } from 'react';
import type { Evidence } from './api.js';

export interface Spot {
  evidence: Evidence;
  label: string;
  key: string;
}

export function EvidenceText({ text, spots, selected, onPick }: { text: string; spots: Spot[]; selected: Evidence | null; onPick: (offset: number) => void }) {
  const segments = useMemo(() => {
    const cuts = new Set<number>([0, text.length]);
    for (const s of spots) {
      cuts.add(s.evidence.start);
      cuts.add(s.evidence.end);
    }
    if (selected) {
      cuts.add(selected.start);
      cuts.add(selected.end);
    }
    const sorted = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
    const out: Array<{ start: number; end: number; covered: boolean; hl: boolean }> = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const start = sorted[i] as number;
      const end = sorted[i + 1] as number;
      if (end <= start) continue;
      out.push({
        start,
        end,
        covered: spots.some((s) => s.evidence.start <= start && s.evidence.end >= end && s.evidence.end > s.evidence.start),
        hl: selected !== null && selected.start <= start && selected.end >= end,
      });
    }
    return out;
  }, [text, spots, selected]);

  useEffect(() => {
    document.querySelector('.source-text mark.hl')?.scrollIntoView({ block: 'center' });
  }, [selected]);

  let firstHl = true;
  return (
    <div
      className="source-text"
      tabIndex={0}
      aria-label="通知正文"
      onClick={(e) => {
        const at = (e.target as HTMLElement).closest('[data-at]')?.getAttribute('data-at');
        if (at) onPick(Number(at));
      }}
    >
      {segments.map((s) => {
        const body = text.slice(s.start, s.end);
        if (s.hl) {
          const id = firstHl ? 'evidence-hl' : undefined;
          firstHl = false;
          return (
            <mark key={s.start} id={id} className="hl" data-at={s.start}>
              {body}
            </mark>
          );
        }
        return s.covered ? (
          <span key={s.start} className="ev" data-at={s.start}>
            {body}
          </span>
        ) : (
          <span key={s.start}>{body}</span>
        );
      })}
    </div>
  );
}

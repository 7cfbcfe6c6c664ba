import { checkEvent, parseDetectionEvent } from './detection-event.parser';
import { type DetectionEvent, detectionEventId, EVIDENCE_COMPONENTS } from './events';
import { topics } from './topics';

const event = (component: DetectionEvent['evidence']['component']): DetectionEvent => ({
  id: detectionEventId('anomaly', 'acme', 'rtr-01', 'temperature', 1000),
  type: 'anomaly',
  tenant: 'acme',
  device: 'rtr-01',
  failureMode: 'overheating',
  recommendedAction: null,
  evidence: {
    metric: 'temperature',
    at: 1000,
    observed: 90,
    expected: 50,
    band: { lower: 45, upper: 55 },
    score: 0.99,
    component,
    forecast: null,
  },
});

describe('detection event contract', () => {
  it.each([...EVIDENCE_COMPONENTS, null])('accepts evidence component %s', (component) => {
    expect(checkEvent(event(component))).toBeNull();
  });

  it('knows the range component', () => {
    expect(EVIDENCE_COMPONENTS).toContain('range');
  });

  it('rejects a component it does not know', () => {
    const unknown = { ...event(null), evidence: { ...event(null).evidence, component: 'magic' } };
    expect(checkEvent(unknown)).toContain('"evidence.component" must be null or one of baseline');
  });

  it('accepts a level shift with the evidence, and says what is wrong with a malformed one', () => {
    const base = event('trend');
    const withStep = (step: unknown) => ({ ...base, evidence: { ...base.evidence, step } });
    expect(checkEvent(withStep({ at: 900, before: 30, after: 45 }))).toBeNull();
    expect(checkEvent(withStep({ at: 900, before: 30 }))).toBe(
      '"evidence.step" must be {"at": number, "before": number, "after": number} when present',
    );
    expect(checkEvent(withStep(null))).toContain('"evidence.step"');
  });

  it('parses bytes from the event topic and checks the topic names the same device', () => {
    const e = event('range');
    const bytes = Buffer.from(JSON.stringify(e));
    expect(parseDetectionEvent(topics.detectionEvents('acme', 'rtr-01'), bytes)).toEqual({
      ok: true,
      event: e,
    });
    const other = parseDetectionEvent(topics.detectionEvents('acme', 'rtr-02'), bytes);
    expect(other).toEqual({ ok: false, detail: expect.stringContaining('does not match') });
    expect(parseDetectionEvent('events/acme/rtr-01', Buffer.from('{'))).toEqual({
      ok: false,
      detail: expect.stringContaining('not JSON'),
    });
  });
});

import { readFileSync } from 'node:fs';

import { generateApiTypes, OUTPUT } from './generate-api-types';

describe("the console's API types", () => {
  it('are those the DTOs give today (else: npm run console:api-types)', async () => {
    const generated = await generateApiTypes();
    expect(generated).toContain('export interface TicketDetailResponseDto extends TicketResponseDto');
    expect(generated).toContain('export interface EvidenceEntry extends Evidence');
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generated);
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import { evaluatePartner } from '../../../src/domain/evaluate-partner.js';
import { orderGaps } from '../../../src/domain/order-gaps.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import type { Gap, PartnerSnapshot } from '../../../src/domain/types.js';
import { aContact, aPartner, aProgram } from '../../support/partner-factories.js';

const asOf = '2026-06-01';
const gapsOf = (partner: PartnerSnapshot, program = DEFAULT_PROGRAM): Gap[] => evaluatePartner(partner, program, asOf).gaps;
const active = '2026-05-01';

describe('training gaps', () => {
  it('asks a partner with nothing for foundation, with no module count', () => {
    expect(gapsOf(aPartner())).toEqual([{ type: 'training', priority: 'high', track: 'foundation' }]);
  });

  it('lists every track the target needs cumulatively, high for the next tier and medium beyond', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 3, technical: 4, advanced: 0 }, targetTier: 'gold' });
    expect(gapsOf(partner).filter((g) => g.type === 'training')).toEqual([
      { type: 'training', priority: 'high', track: 'sales', remainingModules: 5 },
      { type: 'training', priority: 'medium', track: 'technical', remainingModules: 6 },
    ]);
  });

  it('has no training gap for a complete track, even with more modules than the track has', () => {
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 11, technical: 0, advanced: 0 } });
    expect(gapsOf(partner).some((g) => g.type === 'training')).toBe(false);
  });

  it('has no training gap for a track with 0 modules', () => {
    const program = aProgram({ trainingTracks: { ...DEFAULT_PROGRAM.trainingTracks, sales: { ...DEFAULT_PROGRAM.trainingTracks.sales, modules: 0 } } });
    const partner = aPartner({ foundationComplete: true, targetTier: 'silver' });
    expect(gapsOf(partner, program).some((g) => g.type === 'training')).toBe(false);
  });
});

describe('certification gaps', () => {
  it('asks for the certifications the target still needs, high when the next tier needs them', () => {
    const partner = aPartner({ foundationComplete: true, targetTier: 'gold' });
    expect(gapsOf(partner).find((g) => g.type === 'certification')).toEqual({
      type: 'certification',
      priority: 'high',
      needed: 2,
      recommended: ['sales_fundamentals', 'technical_associate'],
    });
  });

  it('is medium when only a tier beyond the next needs more certifications', () => {
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: active, technical_associate: active } })];
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 0, advanced: 0 }, targetTier: 'platinum', contacts });
    expect(gapsOf(partner).find((g) => g.type === 'certification')).toMatchObject({ priority: 'medium', needed: 1 });
  });

  it('recommends certifications no contact holds validly first, in program order', () => {
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: active, technical_associate: '2023-01-01' } })];
    const partner = aPartner({ foundationComplete: true, targetTier: 'platinum', contacts });
    expect(gapsOf(partner).find((g) => g.type === 'certification')).toMatchObject({
      needed: 2,
      recommended: ['technical_associate', 'solution_architect'],
    });
  });

  it('recommends held certifications again when the unheld ones are not enough', () => {
    const program = aProgram({ tiers: { ...DEFAULT_PROGRAM.tiers, bronze: { ...DEFAULT_PROGRAM.tiers.bronze, minCertifications: 4 } } });
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: active, technical_associate: active, solution_architect: active } })];
    expect(gapsOf(aPartner({ contacts }), program).find((g) => g.type === 'certification')).toMatchObject({
      needed: 1,
      recommended: ['master_partner'],
    });
    const moreThanTheCatalogue = aProgram({ tiers: { ...DEFAULT_PROGRAM.tiers, bronze: { ...DEFAULT_PROGRAM.tiers.bronze, minCertifications: 9 } } });
    expect(gapsOf(aPartner({ contacts }), moreThanTheCatalogue).find((g) => g.type === 'certification')).toMatchObject({
      needed: 6,
      recommended: ['master_partner', 'sales_fundamentals', 'technical_associate', 'solution_architect'],
    });
  });

  it('has no certification gap when the target minimum is met', () => {
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: active } })];
    const partner = aPartner({ foundationComplete: true, contacts });
    expect(gapsOf(partner).some((g) => g.type === 'certification')).toBe(false);
  });
});

describe('renewal gaps', () => {
  it('lists each expiring or grace pair with days to expiry, negative in grace', () => {
    const contacts = [
      aContact({ contactId: 'c1', certificationsEarnedOn: { sales_fundamentals: '2025-06-20', technical_associate: '2024-05-25' } }),
      aContact({ contactId: 'c2', certificationsEarnedOn: { sales_fundamentals: '2025-04-01' } }), // expired past grace
    ];
    const renewals = gapsOf(aPartner({ contacts })).filter((g) => g.type === 'renewal');
    expect(renewals).toEqual([
      { type: 'renewal', priority: 'high', certification: 'technical_associate', contactId: 'c1', expiresInDays: -7 },
      { type: 'renewal', priority: 'high', certification: 'sales_fundamentals', contactId: 'c1', expiresInDays: 19 },
    ]);
  });

  it('lists renewals at platinum, where there is no target', () => {
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: '2025-06-20', technical_associate: active, solution_architect: active } })];
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 10, advanced: 6 }, contacts });
    const evaluation = evaluatePartner(partner, DEFAULT_PROGRAM, asOf);
    expect(evaluation.tier).toBe('platinum');
    expect(evaluation.gaps).toEqual([
      { type: 'renewal', priority: 'high', certification: 'sales_fundamentals', contactId: evaluation.contacts[0]!.contactId, expiresInDays: 19 },
    ]);
  });
});

describe('target below the current tier', () => {
  it('measures gaps toward the next tier instead', () => {
    const contacts = [aContact({ certificationsEarnedOn: { sales_fundamentals: active, technical_associate: active } })];
    const partner = aPartner({ foundationComplete: true, modulesCompleted: { sales: 8, technical: 10, advanced: 2 }, targetTier: 'bronze', contacts });
    const evaluation = evaluatePartner(partner, DEFAULT_PROGRAM, asOf);
    expect(evaluation.targetTier).toBe('platinum');
    expect(evaluation.gaps).toEqual([
      { type: 'training', priority: 'high', track: 'advanced', remainingModules: 4 },
      { type: 'certification', priority: 'high', needed: 1, recommended: ['solution_architect'] },
    ]);
  });
});

describe('gap order', () => {
  it('puts high before medium, then renewals, training and certifications, renewals most overdue first', () => {
    const gaps: Gap[] = [
      { type: 'certification', priority: 'medium', needed: 1, recommended: [] },
      { type: 'training', priority: 'medium', track: 'advanced', remainingModules: 6 },
      { type: 'certification', priority: 'high', needed: 1, recommended: [] },
      { type: 'training', priority: 'high', track: 'technical', remainingModules: 1 },
      { type: 'training', priority: 'high', track: 'sales', remainingModules: 1 },
      { type: 'renewal', priority: 'high', certification: 'b_cert', contactId: '2', expiresInDays: 5 },
      { type: 'renewal', priority: 'high', certification: 'a_cert', contactId: '2', expiresInDays: 5 },
      { type: 'renewal', priority: 'high', certification: 'z_cert', contactId: '1', expiresInDays: 5 },
      { type: 'renewal', priority: 'high', certification: 'z_cert', contactId: '9', expiresInDays: -3 },
    ];
    expect(orderGaps(gaps).map((g) => (g.type === 'renewal' ? `renewal ${g.contactId} ${g.certification}` : g.type === 'training' ? `${g.priority} training ${g.track}` : `${g.priority} certification`))).toEqual([
      'renewal 9 z_cert',
      'renewal 1 z_cert',
      'renewal 2 a_cert',
      'renewal 2 b_cert',
      'high training sales',
      'high training technical',
      'high certification',
      'medium training advanced',
      'medium certification',
    ]);
  });
});

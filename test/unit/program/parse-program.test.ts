import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { DEFAULT_PROGRAM } from '../../../src/program/default-program.js';
import { parseProgram, type InvalidProgramDetails } from '../../../src/program/load-program.js';

/** The problems an invalid program is refused with (fails the test if it is accepted). */
function problemsOf(data: unknown): string[] {
  try {
    parseProgram(data, 'program.json');
  } catch (error) {
    if (isAppError(error, 'INVALID_PROGRAM')) return (error.details as InvalidProgramDetails).problems;
    throw error;
  }
  throw new Error('expected the program to be refused');
}

describe('parseProgram', () => {
  it('returns the defaults for an empty override', () => {
    expect(parseProgram({}, 'program.json')).toEqual(DEFAULT_PROGRAM);
  });

  it('treats an empty YAML document (null) as no override', () => {
    expect(parseProgram(null, 'program.yaml')).toEqual(DEFAULT_PROGRAM);
  });

  it('merges a nested setting and keeps its siblings', () => {
    const program = parseProgram({ tiers: { gold: { minCertifications: 3 } } }, 'program.json');
    expect(program.tiers.gold).toEqual({ ...DEFAULT_PROGRAM.tiers.gold, minCertifications: 3 });
    expect(program.tiers.silver).toEqual(DEFAULT_PROGRAM.tiers.silver);
  });

  it('replaces a list whole instead of appending to it', () => {
    const program = parseProgram({ reminderOffsetsDays: [30, 7] }, 'program.json');
    expect(program.reminderOffsetsDays).toEqual([30, 7]);
  });

  it('adds a new certification to the catalogue', () => {
    const partnerSpecialist = { name: 'Partner Specialist', assessments: '1 exam', validityYears: 1, renewal: 'Exam' };
    const program = parseProgram({ certifications: { partner_specialist: partnerSpecialist } }, 'program.json');
    expect(Object.keys(program.certifications)).toEqual([...Object.keys(DEFAULT_PROGRAM.certifications), 'partner_specialist']);
  });

  it('removes a default certification set to null', () => {
    const program = parseProgram({ certifications: { master_partner: null } }, 'program.json');
    expect(program.certifications).not.toHaveProperty('master_partner');
  });

  it('does not change DEFAULT_PROGRAM when merging', () => {
    parseProgram({ tiers: { gold: { minCertifications: 3 } }, certifications: { master_partner: null } }, 'program.json');
    expect(DEFAULT_PROGRAM.tiers.gold.minCertifications).toBe(2);
    expect(DEFAULT_PROGRAM.certifications).toHaveProperty('master_partner');
  });

  it('ignores a top-level $schema key', () => {
    expect(parseProgram({ $schema: './program.schema.json' }, 'program.json')).toEqual(DEFAULT_PROGRAM);
  });

  it('refuses a file whose top level is not an object', () => {
    expect(problemsOf([1, 2])).toEqual(['(top level): expected an object of program settings']);
  });

  it('throws INVALID_PROGRAM naming the source file', () => {
    expect(() => parseProgram({ maxActiveTracks: 0 }, 'vendor/program.json')).toThrow(/vendor\/program\.json/);
  });

  it('names a wrong type by its path', () => {
    expect(problemsOf({ tiers: { gold: { minCertifications: 'two' } } })).toEqual([
      'tiers.gold.minCertifications: expected a number, got "two"',
    ]);
  });

  it('lists every problem, not just the first', () => {
    const problems = problemsOf({
      tiers: { gold: { minCertifications: 'two' } },
      trainingTracks: { sales: { modules: -1 } },
      reminderTime: '9am',
    });
    expect(problems).toEqual([
      'trainingTracks.sales.modules: expected at least 0, got -1',
      'tiers.gold.minCertifications: expected a number, got "two"',
      'reminderTime: expected HH:mm, got "9am"',
    ]);
  });

  it('names shape problems and cross-field problems of one file together', () => {
    const weightsWithFoundationAt = (foundation: number) =>
      Object.values({ ...DEFAULT_PROGRAM.scoreWeights, foundation }).reduce((sum, weight) => sum + weight, 0);
    const problems = problemsOf({
      tiers: { gold: { minCertifications: 'two', targetScore: 40 } },
      trainingTracks: { sales: { modules: -1 } },
      reminderTime: '9am',
      gracePeriod: 10,
      scoreWeights: { foundation: 50 },
      defaultTimeZone: 'Mars/Olympus',
    });

    expect(problems).toEqual([
      'trainingTracks.sales.modules: expected at least 0, got -1',
      'tiers.gold.minCertifications: expected a number, got "two"',
      'reminderTime: expected HH:mm, got "9am"',
      'gracePeriod: unknown setting (did you mean gracePeriodDays?)',
      `tiers.gold.targetScore: 40 is below silver's ${DEFAULT_PROGRAM.tiers.silver.targetScore}; a higher tier cannot ask for less`,
      `scoreWeights: the weights add up to ${weightsWithFoundationAt(50)}; they must add up to 100`,
      'defaultTimeZone: "Mars/Olympus" is not an IANA time zone (for example UTC or Europe/Berlin)',
    ]);
  });

  it('reports an unknown setting with the key it probably meant', () => {
    expect(problemsOf({ tiers: { gold: { minCertification: 3 } } })).toEqual([
      'tiers.gold.minCertification: unknown setting (did you mean minCertifications?)',
    ]);
  });

  it('reports an unknown top-level setting', () => {
    expect(problemsOf({ gracePeriod: 10 })).toEqual(['gracePeriod: unknown setting (did you mean gracePeriodDays?)']);
  });

  it('refuses a required track id that does not exist', () => {
    expect(problemsOf({ tiers: { platinum: { requiredTracks: ['advnced'] } } })).toEqual([
      'tiers.platinum.requiredTracks[0]: expected one of foundation, sales, technical, advanced, got "advnced"',
    ]);
  });

  it('names each missing field of an incomplete new certification', () => {
    expect(problemsOf({ certifications: { partner_specialist: { name: 'Partner Specialist' } } })).toEqual([
      'certifications.partner_specialist.assessments: expected text, but it is missing',
      'certifications.partner_specialist.validityYears: expected a number, but it is missing',
      'certifications.partner_specialist.renewal: expected text, but it is missing',
    ]);
  });

  it('refuses a certification id that cannot become a property name', () => {
    const valid = { name: 'X', assessments: '1 exam', validityYears: 1, renewal: 'Exam' };
    expect(problemsOf({ certifications: { 'Sales Pro': valid } })).toEqual([
      'certifications["Sales Pro"]: not a valid id: expected lower-case letters, digits and underscores, starting with a letter',
    ]);
  });

  it('refuses null for a setting that is not a catalogue entry', () => {
    expect(problemsOf({ tiers: { gold: null } })).toEqual(['tiers.gold: expected an object, got null']);
  });

  it('refuses a catalogue with every certification removed', () => {
    const removeAll = Object.fromEntries(Object.keys(DEFAULT_PROGRAM.certifications).map((id) => [id, null]));
    expect(problemsOf({ certifications: removeAll })).toEqual(['certifications: at least one certification is needed']);
  });
});

describe('parseProgram cross-field rules', () => {
  it('refuses a permission granted by two tiers', () => {
    expect(problemsOf({ tiers: { gold: { permissions: ['co_sell', 'submit_leads'] } } })).toEqual([
      'tiers.gold.permissions[1]: "submit_leads" is already granted by bronze (tiers are cumulative)',
    ]);
  });

  it('refuses a permission listed twice in one tier', () => {
    expect(problemsOf({ tiers: { gold: { permissions: ['co_sell', 'co_sell'] } } })).toEqual([
      'tiers.gold.permissions[1]: "co_sell" is already granted earlier in this list',
    ]);
  });

  it('refuses a target score below the tier underneath', () => {
    expect(problemsOf({ tiers: { gold: { targetScore: 40 } } })).toEqual([
      "tiers.gold.targetScore: 40 is below silver's 50; a higher tier cannot ask for less",
    ]);
  });

  it('accepts equal target scores on neighbouring tiers', () => {
    expect(parseProgram({ tiers: { gold: { targetScore: 50 } } }, 'program.json').tiers.gold.targetScore).toBe(50);
  });

  it('refuses a minimum of certifications below the tier underneath', () => {
    expect(problemsOf({ tiers: { platinum: { minCertifications: 1 } } })).toEqual([
      "tiers.platinum.minCertifications: 1 is below gold's 2; a higher tier cannot ask for less",
    ]);
  });

  it('refuses score weights that do not add up to 100', () => {
    expect(problemsOf({ scoreWeights: { foundation: 30 } })).toEqual([
      'scoreWeights: the weights add up to 110; they must add up to 100',
    ]);
  });

  it('refuses a reminder offset listed twice', () => {
    expect(problemsOf({ reminderOffsetsDays: [30, 7, 30] })).toEqual(['reminderOffsetsDays[2]: 30 is listed twice']);
  });

  it('refuses a default time zone that is not an IANA zone', () => {
    expect(problemsOf({ defaultTimeZone: 'Mars/Olympus' })).toEqual([
      'defaultTimeZone: "Mars/Olympus" is not an IANA time zone (for example UTC or Europe/Berlin)',
    ]);
  });

  it('accepts a real IANA zone', () => {
    expect(parseProgram({ defaultTimeZone: 'Asia/Kolkata' }, 'program.json').defaultTimeZone).toBe('Asia/Kolkata');
  });

  it('lists every cross-field problem at once', () => {
    expect(
      problemsOf({ reminderOffsetsDays: [7, 7], defaultTimeZone: 'Nowhere', tiers: { gold: { targetScore: 10 } } }),
    ).toHaveLength(3);
  });
});

import type { Kysely, Selectable } from 'kysely';
import type { AuditActor } from '../audit/audit-trail.js';
import type { Database, PartnerLinksTable } from '../db/database-schema.js';

/** One issued partner page link (never its token). */
export interface PartnerLink {
  id: string;
  portalId: string;
  contactId: string;
  /** The partner company the page shows: the contact's, when the link was issued. */
  companyId: string;
  issuedAt: number;
  issuedBy: AuditActor;
  expiresAt: number;
  revokedAt: number | null;
}

/**
 * Partner links in PostgreSQL (`partner_links`): found by the SHA-256 of their token, revoked by
 * setting `revoked_at` (rows are never deleted, so a revoked link keeps answering "revoked").
 */
export class PartnerLinkStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(link: PartnerLink, tokenHash: string): Promise<void> {
    await this.db
      .insertInto('partner_links')
      .values({
        id: link.id,
        token_hash: tokenHash,
        portal_id: link.portalId,
        contact_id: link.contactId,
        company_id: link.companyId,
        issued_at: new Date(link.issuedAt),
        issued_by: JSON.stringify(link.issuedBy),
        expires_at: new Date(link.expiresAt),
        revoked_at: null,
      })
      .execute();
  }

  async findByTokenHash(tokenHash: string): Promise<PartnerLink | null> {
    const row = await this.db.selectFrom('partner_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? toLink(row) : null;
  }

  async get(id: string): Promise<PartnerLink | null> {
    const row = await this.db.selectFrom('partner_links').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toLink(row) : null;
  }

  /** Revokes one link; answers the links it revoked now (none when it was already revoked). */
  async revoke(id: string, at: number): Promise<PartnerLink[]> {
    const rows = await this.db.updateTable('partner_links').set({ revoked_at: new Date(at) }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().execute();
    return rows.map(toLink);
  }

  /** Revokes every unrevoked link of a contact. */
  async revokeForContact(portalId: string, contactId: string, at: number): Promise<PartnerLink[]> {
    const rows = await this.db
      .updateTable('partner_links')
      .set({ revoked_at: new Date(at) })
      .where('portal_id', '=', portalId)
      .where('contact_id', '=', contactId)
      .where('revoked_at', 'is', null)
      .returningAll()
      .execute();
    return rows.map(toLink);
  }

  /** A contact's links, newest first. */
  async forContact(portalId: string, contactId: string): Promise<PartnerLink[]> {
    const rows = await this.db.selectFrom('partner_links').selectAll().where('portal_id', '=', portalId).where('contact_id', '=', contactId).orderBy('issued_at', 'desc').execute();
    return rows.map(toLink);
  }
}

function toLink(row: Selectable<PartnerLinksTable>): PartnerLink {
  return {
    id: row.id,
    portalId: row.portal_id,
    contactId: row.contact_id,
    companyId: row.company_id,
    issuedAt: row.issued_at.getTime(),
    issuedBy: row.issued_by as AuditActor,
    expiresAt: row.expires_at.getTime(),
    revokedAt: row.revoked_at ? row.revoked_at.getTime() : null,
  };
}

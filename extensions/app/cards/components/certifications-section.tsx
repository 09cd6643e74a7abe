import { Alert, EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { CertificationView } from '../card-data.js';
import { describeDays } from '../describe-days.js';
import { CertificationStatusTag } from './status-tags.js';

function holder(certification: CertificationView): string {
  return certification.holderName ?? `Contact ${certification.contactId}`;
}

function RenewalAlert({ certifications }: { certifications: CertificationView[] }) {
  const due = certifications.filter((c) => c.status === 'expiring' || c.status === 'grace');
  if (due.length === 0) return null;
  const title = due.length === 1 ? '1 certification needs renewal' : `${due.length} certifications need renewal`;
  return (
    <Alert testId="renewal-alert" title={title} variant="warning">
      {due
        .map((c) =>
          c.status === 'grace'
            ? `${c.name} (${holder(c)}) expired ${describeDays(c.daysToExpiry)} and stops counting at the end of the grace period.`
            : `${c.name} (${holder(c)}) expires ${describeDays(c.daysToExpiry)}.`,
        )
        .join(' ')}
    </Alert>
  );
}

/** Certifications with status tags and holders, and an alert when any needs renewal. */
export function CertificationsSection({ certifications }: { certifications: CertificationView[] }) {
  if (certifications.length === 0) {
    return (
      <EmptyState testId="certifications-empty" title="No certifications yet" layout="vertical" imageName="registration">
        <Text>Nobody at this partner holds a certification.</Text>
      </EmptyState>
    );
  }
  return (
    <>
      <RenewalAlert certifications={certifications} />
      <Table bordered={false} density="condensed" testId="certifications">
        <TableHead>
          <TableRow>
            <TableHeader>Certification</TableHeader>
            <TableHeader>Holder</TableHeader>
            <TableHeader>Status</TableHeader>
            <TableHeader>Expires</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {certifications.map((c) => (
            <TableRow key={`${c.contactId}:${c.certificationId}`}>
              <TableCell>{c.name}</TableCell>
              <TableCell>{holder(c)}</TableCell>
              <TableCell>
                <CertificationStatusTag status={c.status} />
              </TableCell>
              <TableCell>{`${c.expiresOn} (${describeDays(c.daysToExpiry)})`}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

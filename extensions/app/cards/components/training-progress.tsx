import { ProgressBar, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { TrackView } from '../card-data.js';

/** One row per training track: modules done, and the earliest deadline of the people on it. */
export function TrainingProgress({ tracks }: { tracks: TrackView[] }) {
  return (
    <Table bordered={false} density="condensed" testId="training-progress">
      <TableHead>
        <TableRow>
          <TableHeader>Track</TableHeader>
          <TableHeader>Progress</TableHeader>
          <TableHeader>Deadline</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {tracks.map((track) => (
          <TableRow key={track.id}>
            <TableCell>{track.name}</TableCell>
            <TableCell>
              <ProgressBar
                testId={`track-progress-${track.id}`}
                aria-label={`${track.name} progress`}
                value={track.completed}
                maxValue={track.total}
                valueDescription={track.complete ? 'Complete' : `${track.completed} of ${track.total} modules`}
                variant="success"
              />
            </TableCell>
            <TableCell>
              <Text>{track.deadline ?? '—'}</Text>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

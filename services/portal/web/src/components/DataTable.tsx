import {
  Table,
  TableBody,
  TableCaption,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import type { ReactNode } from 'react';

/**
 * A table with a caption and column headers, in a focusable region that scrolls
 * sideways on its own (the page never does, at 390 px or 200 % zoom). The rows
 * are the children.
 */
export function DataTable({
  id,
  caption,
  columns,
  children,
}: {
  id: string;
  caption: ReactNode;
  columns: readonly ReactNode[];
  children: ReactNode;
}) {
  return (
    <div className="kp-table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
      <Table>
        <TableCaption id={id}>{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            {columns.map((column, index) => (
              <TableHeaderCell key={index} scope="col">
                {column}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </div>
  );
}

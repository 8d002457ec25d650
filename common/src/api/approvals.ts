// Approvals (/api/v1/approvals): a record waits for someone's yes or no, locked meanwhile
// (decision 028). Modules say when one is needed; people decide here.
import { z } from 'zod';
import { namedRef, pageOf, uuid } from './shared.ts';

export const approvalStatuses = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

export const approvalRequest = z.object({
  id: z.string(),
  object: z.string().describe('The object of the record waiting (deal, quote…)'),
  recordId: z.string(),
  recordTitle: z.string().nullable().describe("The record's title; null when it is not the reader's to see"),
  rule: z.string().describe('Which of the object’s approval rules asked'),
  status: z.enum(approvalStatuses),
  reason: z.string().describe('Why it is needed: "Discount 30 % is above the 20 % limit"'),
  snapshot: z.record(z.string(), z.unknown()).describe('The values that made it needed, as they were when asked'),
  requestedBy: namedRef.nullable(),
  requestedAt: z.string(),
  approvers: z.array(namedRef).describe('Who may decide (admins may too)'),
  decidedBy: namedRef.nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
  canDecide: z.boolean().describe('Whether the caller may approve or reject it now'),
  canCancel: z.boolean().describe('Whether the caller may withdraw it now'),
});
export type ApprovalRequest = z.infer<typeof approvalRequest>;

export const approvalsPage = pageOf(approvalRequest);
export type ApprovalsPage = z.infer<typeof approvalsPage>;

export const approvalsQuery = z.strictObject({
  status: z.enum(approvalStatuses).optional().describe('Only requests in this state'),
  mine: z.enum(['true', 'false']).optional().describe('true: only requests the caller may decide (what waits for me)'),
  requested: z.enum(['true', 'false']).optional().describe('true: only requests the caller made'),
  object: z.string().max(100).optional().describe("With recordId: one record's requests"),
  recordId: uuid.optional(),
  cursor: z.string().max(300).optional().describe('From the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ApprovalsQuery = z.input<typeof approvalsQuery>;

export const recordApprovalsQuery = z.strictObject({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const comment = z.string().trim().max(5000);
export const approveInput = z.strictObject({ comment: comment.optional() });
export type ApproveInput = z.input<typeof approveInput>;
export const rejectInput = z.strictObject({ comment: comment.min(1, 'is required: say why') });
export type RejectInput = z.input<typeof rejectInput>;
export const cancelInput = z.strictObject({ comment: comment.optional() });
export type CancelInput = z.input<typeof cancelInput>;

/** How many requests wait for the caller (the menu's badge). */
export const approvalsCount = z.object({ pending: z.number().int() });

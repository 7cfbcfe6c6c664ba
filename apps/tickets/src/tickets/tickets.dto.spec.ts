import { InvalidRequestError } from '@preempt/common';

import { toAssignment, toTicketListQuery } from './tickets.dto';

/** The `parameter` of the 400 a validation throws ('no error' when it passes). */
function rejected(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as InvalidRequestError).parameter;
  }
  return 'no error';
}

describe('assignment body and filter', () => {
  it('takes a trimmed name of 1-100 characters, or null to unassign, with an optional comment', () => {
    expect(toAssignment({ assignee: '  alice ' }, 'me')).toEqual({
      assignee: 'alice',
      comment: null,
      actor: 'me',
    });
    expect(toAssignment({ assignee: null, comment: 'back to the queue' }, 'me')).toEqual({
      assignee: null,
      comment: 'back to the queue',
      actor: 'me',
    });
    expect(toAssignment({ assignee: 'x'.repeat(100) }, 'me').assignee).toHaveLength(100);
  });

  it('names the offending field', () => {
    expect(rejected(() => toAssignment({}, 'me'))).toBe('assignee');
    expect(rejected(() => toAssignment(undefined, 'me'))).toBe('body');
    expect(rejected(() => toAssignment([1], 'me'))).toBe('body');
    expect(rejected(() => toAssignment({ assignee: '   ' }, 'me'))).toBe('assignee');
    expect(rejected(() => toAssignment({ assignee: 'x'.repeat(101) }, 'me'))).toBe('assignee');
    expect(rejected(() => toAssignment({ assignee: 42 }, 'me'))).toBe('assignee');
    expect(rejected(() => toAssignment({ assignee: 'a\u0007b' }, 'me'))).toBe('assignee');
    expect(rejected(() => toAssignment({ assignee: 'None' }, 'me'))).toBe('assignee');
    expect(rejected(() => toAssignment({ assignee: 'alice', comment: '' }, 'me'))).toBe('comment');
    expect(rejected(() => toAssignment({ assignee: 'alice', comment: 7 }, 'me'))).toBe('comment');
    expect(rejected(() => toAssignment({ assignee: 'alice', actor: 'mallory' }, 'me'))).toBe('actor');
  });

  it('filters the list by assignee, `none` meaning unassigned', () => {
    expect(toTicketListQuery({ assignee: 'alice' }).filter.assignee).toBe('alice');
    expect(toTicketListQuery({ assignee: 'none' }).filter.assignee).toBeNull();
    expect(toTicketListQuery({}).filter).not.toHaveProperty('assignee');
    expect(rejected(() => toTicketListQuery({ assignee: 'x'.repeat(101) }))).toBe('assignee');
    expect(rejected(() => toTicketListQuery({ assignee: ['a', 'b'] }))).toBe('assignee');
  });
});

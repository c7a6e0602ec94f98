import { describe, expect, it } from '@jest/globals';
import { caseloadQueryOf, caseloadSearch, pageCount } from './caseload';

describe('the caseload URL', () => {
  it('gives the timeline its defaults when the URL has no filters', () => {
    // given
    const params = new URLSearchParams('');
    // when
    const query = caseloadQueryOf(params);
    // then
    expect(query).toEqual({ status: 'open', sort: 'deadline', order: 'asc', page: 1, pageSize: 25 });
  });

  it('keeps every valid filter and drops values the timeline would refuse', () => {
    // given a hand-edited URL
    const params = new URLSearchParams(
      'status=closed&phase=intake&deadline=overdue&flag=referral-declined&owner=urn:nld:ketenpad:social-work:SW-AMS&sort=started&order=desc&page=3&pageSize=50',
    );
    const broken = new URLSearchParams(
      'status=x&phase=y&deadline=z&flag=w&owner=javascript:1&sort=q&order=up&page=-2&pageSize=7',
    );
    // when
    const query = caseloadQueryOf(params);
    const fallback = caseloadQueryOf(broken);
    // then
    expect(query).toEqual({
      status: 'closed',
      phase: 'intake',
      deadline: 'overdue',
      flag: 'referral-declined',
      owner: 'urn:nld:ketenpad:social-work:SW-AMS',
      sort: 'started',
      order: 'desc',
      page: 3,
      pageSize: 50,
    });
    expect(fallback).toEqual({ status: 'open', sort: 'deadline', order: 'asc', page: 1, pageSize: 25 });
  });

  it('writes a shareable search string that reads back as the same query, defaults left out', () => {
    // given
    const query = caseloadQueryOf(new URLSearchParams('phase=nazorg&sort=lastEvent&order=desc'));
    // when
    const search = caseloadSearch(query, { page: 2 });
    // then
    expect(search).toBe('?phase=nazorg&sort=lastEvent&order=desc&page=2');
    expect(caseloadQueryOf(new URLSearchParams(search))).toEqual({ ...query, page: 2 });
    expect(caseloadSearch(caseloadQueryOf(new URLSearchParams()))).toBe('');
  });

  it('counts at least one page, so an empty list is page 1 of 1', () => {
    // given / when / then
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
  });
});

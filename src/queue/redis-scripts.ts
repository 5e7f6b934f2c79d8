// The pull request's review state in Redis, changed only by these scripts, each atomic:
//   forksafe:pull:<owner/repo#n>  hash  pending / pendingSha   the newest request not started yet
//                                       running / runningSha   the request under review
//                                       checkRun               its check run, once created
//                                       superseded             "1" once a newer head is pending
//                                       newest                 the latest `updated_at` seen
//                                       claim                  counts the claims: a worker whose claim
//                                                              is no longer the latest lost the review
//                                                              to another and must stop (fencing)
//   forksafe:done:<owner/repo#n>  list  the last 50 heads reviewed to the end
//   forksafe:delivery:<id>        string X-GitHub-Delivery ids already taken (7 days)
// Lua compares the SHAs as stored strings and never decodes the request's JSON.
import type { Redis } from "ioredis";

/** Turns a request away (returns the reason) or stores it as the pull request's pending one ("ok"). */
const ENQUEUE = `
local function has(list, value) for _, v in ipairs(list) do if v == value then return true end end return false end
local sha, updated = ARGV[2], ARGV[3]
if redis.call('EXISTS', KEYS[1]) == 1 then return 'delivery already handled' end
local pendingSha = redis.call('HGET', KEYS[2], 'pendingSha')
local runningSha = redis.call('HGET', KEYS[2], 'runningSha')
local superseded = redis.call('HGET', KEYS[2], 'superseded') == '1'
local newest = redis.call('HGET', KEYS[2], 'newest')
local done = redis.call('LRANGE', KEYS[3], 0, -1)
local known = pendingSha == sha or runningSha == sha or has(done, sha)
if updated ~= '' and newest and updated < newest and not known then return 'the event for ' .. sha .. ' is older than one already seen' end
if runningSha == sha and not superseded then return sha .. ' is already being reviewed' end
if pendingSha == sha then return sha .. ' is already queued' end
if ARGV[4] ~= '1' and has(done, sha) then return sha .. ' was already reviewed' end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[5])
if updated ~= '' and (not newest or updated > newest) then redis.call('HSET', KEYS[2], 'newest', updated) end
redis.call('HSET', KEYS[2], 'pending', ARGV[1], 'pendingSha', sha)
if runningSha and runningSha ~= sha then redis.call('HSET', KEYS[2], 'superseded', '1') end
redis.call('EXPIRE', KEYS[2], ARGV[6])
return 'ok'`;

/**
 * The request to run now: the running one when a previous attempt did not finish it (crash,
 * retry), with its check run; else the pending one, which becomes the running one.
 */
const CLAIM = `
local running = redis.call('HGET', KEYS[1], 'running')
if running then
  local claim = redis.call('HINCRBY', KEYS[1], 'claim', 1)
  return {running, redis.call('HGET', KEYS[1], 'checkRun') or '', '1', claim}
end
local pending = redis.call('HGET', KEYS[1], 'pending')
if not pending then return false end
redis.call('HSET', KEYS[1], 'running', pending, 'runningSha', redis.call('HGET', KEYS[1], 'pendingSha'))
redis.call('HDEL', KEYS[1], 'pending', 'pendingSha', 'superseded', 'checkRun')
local claim = redis.call('HINCRBY', KEYS[1], 'claim', 1)
return {pending, '', '', claim}`;

/** Records the check run, for the holder of the latest claim only (1), else 0. */
const SET_CHECK_RUN = `
if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'checkRun', ARGV[2])
return 1`;

/** Whether a newer head is pending ("1"), or "lost" when the claim is no longer the latest. */
const SUPERSEDED = `
if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[1] then return 'lost' end
return redis.call('HGET', KEYS[1], 'superseded') or '0'`;

/**
 * Takes the running request away from whoever ran it (a job BullMQ gave up on): returns it with
 * its check run, and bumps the claim so a worker still running it stops.
 */
const ABANDON = `
local running = redis.call('HGET', KEYS[1], 'running')
if not running then return false end
local checkRun = redis.call('HGET', KEYS[1], 'checkRun') or ''
redis.call('HDEL', KEYS[1], 'running', 'runningSha', 'checkRun')
redis.call('HINCRBY', KEYS[1], 'claim', 1)
return {running, checkRun, redis.call('HEXISTS', KEYS[1], 'pending')}`;

/** Ends the running request (latest claim only); remembers its head as reviewed when it ran to the end. */
const FINISH = `
if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[4] then return 0 end
redis.call('HDEL', KEYS[1], 'running', 'runningSha', 'checkRun')
if ARGV[2] == '1' then
  redis.call('LREM', KEYS[2], 0, ARGV[1])
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('LTRIM', KEYS[2], -50, -1)
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return 1`;

const DELIVERY_TTL_SECONDS = 7 * 24 * 3600;
const STATE_TTL_SECONDS = 30 * 24 * 3600;

export interface Claimed {
  request: string;
  checkRunId?: number;
  /** A previous attempt had started it. */
  resumed: boolean;
  /** This claim's number: only the latest claim may record or finish the review. */
  claim: number;
}

/** The running request taken from a job that was given up on. */
export interface Abandoned {
  request: string;
  checkRunId?: number;
  /** A newer request waits: it still needs a job. */
  pending: boolean;
}

export class PullStates {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(key: string) {
    return { pull: `${this.prefix}:pull:${key}`, done: `${this.prefix}:done:${key}` };
  }

  async enqueue(key: string, deliveryId: string, request: string, sha: string, updatedAt: string, force: boolean): Promise<string> {
    const { pull, done } = this.keys(key);
    const args = [request, sha, updatedAt, force ? "1" : "0", String(DELIVERY_TTL_SECONDS), String(STATE_TTL_SECONDS)];
    return (await this.redis.eval(ENQUEUE, 3, `${this.prefix}:delivery:${deliveryId}`, pull, done, ...args)) as string;
  }

  async claim(key: string): Promise<Claimed | undefined> {
    const answer = (await this.redis.eval(CLAIM, 1, this.keys(key).pull)) as [string, string, string, number] | null;
    if (!answer) return undefined;
    return { request: answer[0], resumed: answer[2] === "1", claim: Number(answer[3]), ...(answer[1] ? { checkRunId: Number(answer[1]) } : {}) };
  }

  /** Records the check run; false when the claim was lost to another worker. */
  async setCheckRun(key: string, claim: number, id: number): Promise<boolean> {
    return (await this.redis.eval(SET_CHECK_RUN, 1, this.keys(key).pull, String(claim), String(id))) === 1;
  }

  /** "lost" when another worker took the review over, else whether a newer head is pending. */
  async superseded(key: string, claim: number): Promise<boolean | "lost"> {
    const answer = (await this.redis.eval(SUPERSEDED, 1, this.keys(key).pull, String(claim))) as string;
    return answer === "lost" ? "lost" : answer === "1";
  }

  /** Ends the running request if `claim` is still the latest; false when another worker took it. */
  async finish(key: string, claim: number, sha: string, reviewed: boolean): Promise<boolean> {
    const { pull, done } = this.keys(key);
    return (await this.redis.eval(FINISH, 2, pull, done, sha, reviewed ? "1" : "0", String(STATE_TTL_SECONDS), String(claim))) === 1;
  }

  async abandon(key: string): Promise<Abandoned | undefined> {
    const answer = (await this.redis.eval(ABANDON, 1, this.keys(key).pull)) as [string, string, number] | null;
    if (!answer) return undefined;
    return { request: answer[0], pending: answer[2] === 1, ...(answer[1] ? { checkRunId: Number(answer[1]) } : {}) };
  }
}

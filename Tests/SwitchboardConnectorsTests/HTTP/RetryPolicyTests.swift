import Foundation
import SwitchboardConnectors
import Testing

@Suite("Retry policy and Retry-After")
struct RetryPolicyTests {
    @Test("backoff grows by the multiplier, is capped, and stays within the jitter")
    func backoff() {
        let policy = RetryPolicy(maximumAttempts: 10, initialBackoffSeconds: 1, maximumBackoffSeconds: 5, multiplier: 2, jitter: 0.2)
        for _ in 0..<100 {
            let first = policy.delay(afterAttempt: 1)!
            #expect(first >= .milliseconds(800) && first <= .milliseconds(1200))
            let third = policy.delay(afterAttempt: 3)!
            #expect(third >= .milliseconds(3200) && third <= .milliseconds(4800))
            let capped = policy.delay(afterAttempt: 9)!
            #expect(capped >= .seconds(4) && capped <= .seconds(6))
        }
    }

    @Test("no delay once the attempts are used up")
    func attemptsRunOut() {
        let policy = RetryPolicy(maximumAttempts: 3)
        #expect(policy.delay(afterAttempt: 2) != nil)
        #expect(policy.delay(afterAttempt: 3) == nil)
        #expect(RetryPolicy.none.delay(afterAttempt: 1) == nil)
    }

    @Test("Retry-After replaces the backoff, up to the configured maximum")
    func retryAfterWins() {
        let policy = RetryPolicy(maximumAttempts: 4, maximumRetryAfterSeconds: 30)
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(7)) == .seconds(7))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(31)) == nil)
    }

    @Test("Retry-After is read as seconds or as an HTTP date")
    func parse() {
        let now = Date(timeIntervalSince1970: 784_111_777) // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse(" 0 ", now: now) == .zero)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:50:07 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("-5", now: now) == nil)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("99999999999999999999999", now: now) == nil)
    }

    @Test("invalid policies are reported")
    func problems() {
        #expect(RetryPolicy().problems.isEmpty)
        #expect(RetryPolicy(maximumAttempts: 0, initialBackoffSeconds: -1, multiplier: 0.5, jitter: 2).problems.count == 4)
    }
}

import CobroCore
import CobroPlan
import CobroPortfolio
import Foundation
import Testing

/// `plan`, `simulate` and the plan settings as a user types them, with exact csv output.
@Suite struct PlanCommandsTests {
  /// Accounts with the breakdown columns; D1 has two COP accounts, D4 one COP and one USD.
  static let csv = """
    account_id,debtor_id,debtor_name,segment,product,balance,currency,issue_date,due_date,status,capital,interest,late_interest,fees
    B1,D1,Ana Ruiz,A,loan,1000000.00,COP,2025-01-10,2026-09-01,active,800000.00,100000.00,60000.00,40000.00
    B2,D1,Ana Ruiz,A,card,500000.00,COP,2025-03-10,2026-06-15,active,400000.00,50000.00,30000.00,20000.00
    B3,D2,Luis Mora,B,loan,200000.00,COP,2026-01-10,2026-11-20,active,200000.00,0.00,0.00,0.00
    B4,D4,Eva Gil,B,loan,300.00,USD,2024-01-10,2025-01-31,active,300.00,0.00,0.00,0.00
    B5,D4,Eva Gil,B,loan,90000.00,COP,2024-01-10,2025-05-31,active,90000.00,0.00,0.00,0.00
    """

  func session() throws -> TestSession {
    let p = try PortfolioLoader(options: LoadOptions(), asOf: DemoPortfolio.cutoff).load(
      bytes: InputBytes.copying(Array(Self.csv.utf8)),
      name: "plans.csv"
    )
    return TestSession(p)
  }

  @Test func transcriptReplays() throws {
    let outcome = try ProjectTranscriptsTests.replay("negotiate/plan.cobro")
    #expect(outcome.passed, "\(outcome.diff)")
  }

  @Test func workedExampleOfTheSpec() {
    let t = TestSession()
    let r = t.run(
      "plan amount 1234567.89 installments 12 rate 1.5% down 10% discount 5% start 2026-11-30"
    )
    #expect(r.ok)
    #expect(r.err == "")
    #expect(
      r.out == """
        n,date,payment,interest,principal,balance
        0,2026-11-30,117283.95,0.00,117283.95,1055555.55
        1,2026-12-30,96773.33,15833.33,80940.00,974615.55
        2,2027-01-30,96773.33,14619.23,82154.10,892461.45
        3,2027-02-28,96773.33,13386.92,83386.41,809075.04
        4,2027-03-30,96773.33,12136.13,84637.20,724437.84
        5,2027-04-30,96773.33,10866.57,85906.76,638531.08
        6,2027-05-30,96773.33,9577.97,87195.36,551335.72
        7,2027-06-30,96773.33,8270.04,88503.29,462832.43
        8,2027-07-30,96773.33,6942.49,89830.84,373001.59
        9,2027-08-30,96773.33,5595.02,91178.31,281823.28
        10,2027-09-30,96773.33,4227.35,92545.98,189277.30
        11,2027-10-30,96773.33,2839.16,93934.17,95343.13
        12,2027-11-30,96773.28,1430.15,95343.13,0.00

        \(Self.summaryHeader)
        0.00,61728.39,1172839.50,117283.95,1055555.55,96773.33,12,2026-12-30,2027-11-30,\
        1161279.91,1278563.86,105724.36,0.1956181715,0.1956181909,,

        """
    )
  }

  static let summaryHeader = """
    waived,discount_granted,settlement_amount,down_payment,financed,installment_amount,\
    installments_count,first_installment_date,last_installment_date,total_installments,\
    total_paid,total_interest,contract_ear,plan_ear,npv,exceeds_cap
    """

  @Test func planOfAnAccountWithWaivers() throws {
    let t = try session()
    // B1: balance 1,000,000.00; late interest 60,000.00 waived in full, fees 40,000.00 by half.
    let r = t.run("plan B1 installments 3 rate 1% waive late_interest 100% fees 50% discount 10%")
    #expect(r.ok)
    #expect(
      r.out == """
        n,date,payment,interest,principal,balance
        0,2026-11-30,0.00,0.00,0.00,828000.00
        1,2026-12-30,281538.31,8280.00,273258.31,554741.69
        2,2027-01-30,281538.31,5547.42,275990.89,278750.80
        3,2027-02-28,281538.31,2787.51,278750.80,0.00

        \(Self.summaryHeader)
        80000.00,92000.00,828000.00,0.00,828000.00,281538.31,3,2026-12-30,2027-02-28,\
        844614.93,844614.93,16614.93,0.1268250301,0.1268250709,,

        """
    )
  }

  @Test func firstArgumentIsAnAccountOtherwiseMoney() throws {
    let t = try session()
    let r = t.run("plan 1000 installments 1")
    #expect(r.ok)
    #expect(
      r.out.hasPrefix(
        "n,date,payment,interest,principal,balance\n0,2026-11-30,0.00,0.00,0.00,1000.00\n"
      )
    )
  }

  @Test func debtorPlanConsolidatesAndAllocates() throws {
    let t = try session()
    let r = t.run("plan debtor D1 installments 2 down 500000")
    #expect(r.ok)
    #expect(
      r.out == """
        n,date,payment,interest,principal,balance
        0,2026-11-30,500000.00,0.00,500000.00,1000000.00
        1,2026-12-30,500000.00,0.00,500000.00,500000.00
        2,2027-01-30,500000.00,0.00,500000.00,0.00

        \(Self.summaryHeader)
        0.00,0.00,1500000.00,500000.00,1000000.00,500000.00,2,2026-12-30,2027-01-30,\
        1000000.00,1500000.00,0.00,0.0000000000,0.0000000000,,

        n,account_id,amount
        0,B2,500000.00
        1,B1,500000.00
        2,B1,500000.00

        account_id,balance,waived,discount_granted,settlement_amount,interest,total_paid
        B2,500000.00,0.00,0.00,500000.00,0.00,500000.00
        B1,1000000.00,0.00,0.00,1000000.00,0.00,1000000.00

        """
    )
  }

  /// Each mistake, with its location (line:column) and its note.
  @Test(
    arguments: [
      (
        "plan debtor D4 installments 2",
        "1:13: error: debtor 'D4' owes in COP and USD: one plan takes one currency",
        "plan each account on its own: plan ACCOUNT_ID …"
      ),
      (
        "plan amount 1000 installments 12 rate 5", "1:39: error: rate '5' is above 1",
        "did you mean '5%'?"
      ),
      (
        "plan amount 1000 installments 0",
        "1:31: error: number of installments must be between 1 and 1200, not '0'", nil
      ),
      (
        "plan amount 1000 installments 3 waive fees 10%",
        "1:39: error: cannot waive 'fees': the account has no breakdown",
        "waivers need the columns capital, interest, late_interest and fees"
      ),
      (
        "plan B1 installments 3 waive fes 10%", "1:30: error: unknown component 'fes'",
        "did you mean 'fees'?"
      ),
      (
        "plan B1 installments 3 waive fees 10% fees 20%", "1:39: error: 'fees' is waived twice", nil
      ),
      (
        "plan B1 installments 3 method frensh", "1:31: error: unknown method 'frensh'",
        "did you mean 'french'?"
      ),
      (
        "plan amount 1000 installments 3 down 2000",
        "1:38: error: down payment 2000.00 exceeds the settlement amount 1000.00", nil
      ),
      (
        "plan amount 1000 installments 3 discount 150%",
        "1:42: error: percent '150%' is not between 0 and 100", nil
      ),
      (
        "plan Z9 installments 3", "1:6: error: no account 'Z9' and it is not an amount",
        "plan an amount with: plan amount X …"
      ),
      (
        "plan amount 1000 rate 1%", "1:25: error: expected 'installments N' or 'pay AMOUNT'",
        "example: plan amount 1000000 installments 12 rate 1.5%"
      ),
      ("plan amount 1000 installments 3 rate 1% rate 2%", "1:41: error: 'rate' given twice", nil),
      (
        "plan amount 1000 installments 3 rat 2%", "1:33: error: unexpected 'rat'",
        "did you mean 'rate'?"
      ),
      (
        "plan amount 1000 installments 3 start 2026-02-30",
        "1:39: error: '2026-02-30' is not a date", nil
      ),
      (
        "plan amount 1000 installments 3 first 2026-10-01",
        "1:39: error: first installment date 2026-10-01 is before the start date 2026-11-30", nil
      ),
      (
        "simulate discount 20% currency COP accept 0-30=0.5,31-180=0.3",
        "1:36: error: account 'B5' (548 days overdue) is in no bucket", nil
      ),
      (
        "simulate discount 20% currency COP accept 0-30=0.5,20-180=0.3",
        "1:52: error: buckets '0-30' and '20-180' overlap", nil
      ),
      (
        "simulate discount 20% currency COP accept 0-30=1.5",
        "1:43: error: probability '1.5' is not between 0 and 1", nil
      ),
      (
        "simulate discount 20% currency COP accept 0-30",
        "1:43: error: '0-30' is not a bucket (LO-HI=P or LO+=P)", nil
      ),
      (
        "simulate discount 120% accept 0+=1",
        "1:19: error: percent '120%' is not between 0 and 100", nil
      ),
      (
        "simulate discount 20% segment A", "1:32: error: expected 'accept LO-HI=P,…,LO+=P'",
        "example: simulate discount 30% accept 0-90=0.5,91+=0.2"
      ),
      (
        "simulate discount 20% accept 0+=0.5",
        "1:1: error: the accounts are in COP and USD: amounts in different currencies are not added",
        "filter by currency: simulate discount 20% currency COP accept …"
      ),
      (
        "simulate plan installments 2 accept 0+=0.5",
        "1:1: error: the accounts are in COP and USD: amounts in different currencies are not added",
        "filter by currency: simulate plan installments 2 currency COP accept …"
      ),
      (
        "simulate plan installments 2 currency COP",
        "1:42: error: expected 'accept LO-HI=P,…,LO+=P'",
        "example: simulate plan installments 6 accept 0-90=0.5,91+=0.2"
      ),
      (
        "simulate plan down 10% currency COP accept 0+=0.5",
        "1:24: error: expected 'installments N' after 'plan'",
        "example: simulate plan installments 6 rate 1% accept 0-90=0.5,91+=0.2"
      ),
      (
        "simulate plan installments 2 down 5000 currency COP accept 0+=0.5",
        "1:35: error: a campaign's down payment is a percent of each settlement, not '5000'",
        "example: down 10%"
      ),
      (
        "simulate plan installments 2 currency COP accept 0+=0.5 --runs 0",
        "1:64: error: '0' is not a number of runs", "runs are a whole number from 1 to 100000"
      ),
      (
        "simulate discount 20% currency COP accept 0+=0.5 --seed 3",
        "1:50: error: '--seed' needs '--runs N'", "example: --runs 1000 --seed 7"
      ),
      (
        "simulate discount 20% currency COP accept 0+=0.5 --runs 5 --seed -3",
        "1:66: error: '-3' is not a seed", "a seed is a whole number from 0 to 18446744073709551615"
      ),
    ] as [(String, String, String?)]
  )
  func errorsAreLocated(command: String, error: String, note: String?) throws {
    let t = try session()
    let r = t.run(command)
    #expect(!r.ok)
    #expect(r.out == "")
    let lines = r.err.split(separator: "\n").map(String.init)
    #expect(lines.first == "<input>:" + error)
    #expect(lines.count > 1 && lines[1] == "1 | " + command)
    if let note { #expect(lines.last == "note: " + note) } else { #expect(lines.count == 3) }
  }

  @Test func simulateExpectedRecovery() throws {
    let t = try session()
    let r = t.run("simulate discount 20% currency COP accept 0-30=0.5,31-180=0.3,181+=0.1")
    #expect(r.ok)
    // B3 is 10 days overdue, B1 90 and B2 168, B5 548.
    #expect(
      r.out == """
        bucket,accounts,balance,offer,p,expected_cash
        0-30,1,200000.00,160000.00,0.5,80000.00
        31-180,2,1500000.00,1200000.00,0.3,360000.00
        181+,1,90000.00,72000.00,0.1,7200.00
        total,4,1790000.00,1432000.00,,447200.00

        """
    )
    #expect(
      r.err == "discount given up if every account accepts: 358,000.00; expected cash "
        + "447,200.00 is 24.98% of the balance 1,790,000.00\n"
    )
  }

  @Test func usuryIsFlagged() throws {
    let t = TestSession()
    let r = t.run(
      """
      set usury 24.36%
      set discount_rate 0.12
      plan amount 1000000 installments 12 rate 2.2%
      """
    )
    #expect(r.ok)
    #expect(r.out.hasSuffix("0.2984067052,0.2984066920,1080879.07,yes\n"))
    #expect(
      r.err == """
        usury = 0.2436
        discount_rate = 0.12
        warning: USURY: the contract's effective annual rate 0.2984067052 is above the cap 0.2436
        note: the highest legal monthly rate is 0.018333566444 ('rate 0.018333566444')

        """
    )
    // Issue 6: the contract limit 0.018333566852 gives this plan an EAR of 0.2436000003, above
    // the cap; the suggested rate is searched on the plan EAR.
    let suggested = t.run("plan amount 1000000 installments 12 rate 0.018333566444")
    #expect(suggested.out.hasSuffix(",no\n"))
    let next = t.run("plan amount 1000000 installments 12 rate 0.018333566445")
    #expect(next.out.hasSuffix(",yes\n"))
    let legal = t.run("plan amount 1000000 installments 12 rate 1.8%")
    #expect(legal.ok)
    #expect(legal.out.hasSuffix(",no\n"))
    #expect(legal.err == "")
  }

  @Test func rateSettingsAreValidated() {
    let t = TestSession()
    let r = t.run("set usury 30")
    #expect(!r.ok)
    #expect(r.err.contains("error: rate '30' is above 1"))
    #expect(r.err.contains("note: did you mean '30%'?"))
    #expect(t.session.settings.planSettings.usuryCap == nil)
    #expect(t.run("set usury 24.36%").ok)
    #expect(t.session.settings.planSettings.usuryCap == Rate(scaled: 243_600_000_000))
  }

  @Test func examplesRunOnTheDemo() throws {
    let t = TestSession()
    t.run("load demo")
    for c in t.session.commandList where c.group == .negotiate {
      let r = t.run(c.example)
      #expect(r.ok, "\(c.name): \(r.err)")
      #expect(!c.details.isEmpty)
    }
  }
}

/// `offers`: a lump sum against plans, weighed by the debtor's keep probability.
@Suite struct OfferCommandsTests {
  func session() throws -> TestSession {
    let p = try PortfolioLoader(options: LoadOptions(), asOf: DemoPortfolio.cutoff).load(
      bytes: InputBytes.copying(Array(PlanCommandsTests.csv.utf8)),
      name: "plans.csv"
    )
    return TestSession(p)
  }

  @Test func offersOfAnAccount() throws {
    let t = try session()
    let r = t.run("set usury 24.36%; set discount_rate 12%; offers B1 --explain")
    #expect(r.ok)
    // No payment history: behaviour unknown, k = 0.75; the lump sum 800,000.00 × 0.75.
    #expect(
      r.out == """
        offer,installment,total_paid,interest,waived,discount,npv,ear,within_cap,expected_value
        lump,800000.00,800000.00,0.00,0.00,200000.00,800000.00,,yes,600000.00
        3,340022.11,1020066.34,20066.34,0.00,0.00,1001009.79,0.1268250664,yes,589725.85
        6,172548.37,1035290.20,35290.20,0.00,0.00,1001759.19,0.1268250310,yes,425515.40
        12,88848.79,1066185.45,66185.45,0.00,0.00,1003237.51,0.1268250052,yes,258103.15
        24,47073.47,1129763.31,129763.31,0.00,0.00,1006111.97,0.1268250036,yes,141078.71

        """
    )
    #expect(
      r.err.hasPrefix(
        """
        usury = 0.2436
        discount_rate = 0.12
        behaviour unknown: keeps each next payment with probability 0.75
        Model: the lump sum is the balance less 20%
        """
      )
    )
  }

  @Test func offersOfADebtorAndMistakes() throws {
    let t = try session()
    let r = t.run("offers debtor D1")
    #expect(r.ok)
    #expect(r.out.contains("\nlump,1200000.00,1200000.00,0.00,0.00,300000.00,,,,900000.00\n"))
    let mixed = t.run("offers debtor D4")
    #expect(mixed.err.hasPrefix("<input>:1:15: error: debtor 'D4' owes in COP and USD"))
    let unknown = t.run("offers Z1")
    #expect(unknown.err.hasPrefix("<input>:1:8: error: no account 'Z1'\n"))
  }

  /// Four COP accounts with no payment history (k = 0.75), no rate: each pays half its
  /// balance in each of two months, weighed p × 0.75^j and rounded once per month.
  @Test func simulatePlanCashFlow() throws {
    let t = try session()
    let r = t.run(
      "simulate plan installments 2 currency COP accept 0-30=0.5,31-180=0.3,181+=0.1"
    )
    #expect(r.ok)
    // B3 (10 days) 0.5, B1 (90) and B2 (168) 0.3, B5 (548) 0.1; month 1:
    // 0.75 × (0.5 × 100000 + 0.3 × 500000 + 0.3 × 250000 + 0.1 × 45000) = 209625.00;
    // month 2 is 0.75 times that: 157218.75.
    #expect(
      r.out == """
        month,down_payments,installments,expected_cash,cumulative
        2026-11,0.00,0.00,0.00,0.00
        2026-12,0.00,209625.00,209625.00,209625.00
        2027-01,0.00,157218.75,157218.75,366843.75
        total,0.00,366843.75,366843.75,

        """
    )
    #expect(
      r.err == "4 plans; discount given up if every account accepts: 0.00; paid if every plan "
        + "is accepted and kept: 1,790,000.00; expected cash 366,843.75 is 20.49% of the balance "
        + "1,790,000.00\n"
    )
  }

  /// The same command and seed print the same Monte Carlo; the seed defaults to 1 and is shown.
  @Test func runsAreRepeatableAndTheSeedIsPrinted() throws {
    let command = "simulate plan installments 3 rate 1% currency COP accept 0+=0.4 --runs 200"
    let a = try session().run(command)
    let b = try session().run(command + " --seed 1")
    let c = try session().run(command + " --seed 2")
    #expect(a.ok && b.ok && c.ok)
    #expect(a.out == b.out)
    #expect(a.out != c.out)
    #expect(a.out.contains("bucket,mean,p10,p50,p90\n0+,"))
    #expect(
      a.err.hasSuffix(
        "monte carlo: 200 runs, seed 1: cash recovered per run (mean, nearest-rank percentiles)\n"
      )
    )
  }
}

"""Independent reference for MonteCarloTests and PlanCashFlowTests (stdlib only).

Re-implements, from their documentation, SplitMix64 seeding, xoshiro256**, the draw order
(runs, then accounts in row order: one acceptance draw, then one keep draw per payment until
the first one missed), exact comparisons u < p * 2^53 with fractions, nearest-rank
percentiles, the spec's French plan, and the plan cash flow's monthly expected cash. Prints the
numbers the tests pin: python3 monte_carlo_reference.py
"""
from fractions import Fraction as F
import math
M=(1<<64)-1
def splitmix(state):
    state=(state+0x9E3779B97F4A7C15)&M
    z=state
    z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M
    z=((z^(z>>27))*0x94D049BB133111EB)&M
    return state, z^(z>>31)
class X:
    def __init__(s,seed):
        st=seed; s.s=[]
        for _ in range(4):
            st,v=splitmix(st); s.s.append(v)
    def next(s):
        s0,s1,s2,s3=s.s
        r=(((s1*5)&M)<<7|((s1*5)&M)>>57)&M
        r=(r*9)&M
        t=(s1<<17)&M
        s2^=s0; s3^=s1; s1^=s2; s0^=s3; s2^=t
        s3=((s3<<45)|(s3>>19))&M
        s.s=[s0,s1,s2,s3]
        return r
def rhu(x):  # half up, x>=0 Fraction
    return math.floor(x+F(1,2))
accounts=[(100000,10,'punctual'),(250050,45,'habitual'),(7333,200,'occasional'),(1,400,'unknown'),(999999,0,'punctual'),(123456,95,'habitual'),(5000,31,'unknown'),(42,181,'punctual')]
buckets=[(0,30,F('0.5')),(31,180,F('0.35')),(181,None,F('0.125'))]
keep={'punctual':F(95,100),'occasional':F(85,100),'habitual':F(60,100),'unknown':F(75,100)}
def bucket(d):
    for i,(lo,hi,p) in enumerate(buckets):
        if d>=lo and (hi is None or d<=hi): return i
def pct(sorted_vals,p):
    n=len(sorted_vals); rank=max(1,math.ceil(F(p*n,100))); return sorted_vals[rank-1]
def stats(vals):
    s=sorted(vals); n=len(vals)
    mean=rhu(F(sum(vals),n)) if sum(vals)>=0 else -rhu(F(-sum(vals),n))
    return (mean,pct(s,10),pct(s,50),pct(s,90))
def happens(u,p):  # u 53-bit, p Fraction
    return u < p*(1<<53)   # exact rational comparison
def mc(payments_of, keeps, runs, seed):
    g=X(seed); per=[[] for _ in buckets]; tot=[]
    for _ in range(runs):
        sums=[0]*len(buckets)
        for (b,d,beh) in accounts:
            j=bucket(d)
            if not happens(g.next()>>11, buckets[j][2]): continue
            cash=0
            for x in payments_of(b):
                if keeps and not happens(g.next()>>11, keep[beh]): break
                cash+=x
            sums[j]+=cash
        for j in range(len(buckets)): per[j].append(sums[j])
        tot.append(sum(sums))
    return [stats(v) for v in per], stats(tot)
def offer(b): return [b - rhu(F(b*10,100))]
def plan(b, n=3, r=F(1,100), downp=10):
    D=rhu(F(b*downp,100)); P=b-D
    out=[D] if D>0 else []
    if P==0: return out
    A=rhu(P*r/(1-(1+r)**-n))
    owed=P
    for k in range(1,n+1):
        if owed<=0: break
        I=rhu(owed*r); reg=A-I
        pr=owed if (k==n or reg>=owed) else reg
        owed-=pr; out.append(pr+I)
    return out
print("discount", mc(offer, False, 25, 42))
print("plan", mc(plan, True, 25, 42))
for b,_,_ in accounts: print(b, plan(b))
# expected plan projection per month
months={}
for (b,d,beh) in accounts:
    p=buckets[bucket(d)][2]; k=keep[beh]
    pays=plan(b); D=rhu(F(b*10,100)); has=1 if D>0 else 0
    if has: months[('down',0)]=months.get(('down',0),0)+p*D*k
    inst=pays[has:]
    for i,x in enumerate(inst,1):
        months[('inst',i)]=months.get(('inst',i),0)+p*x*k**(i+has)
for key in sorted(months): print(key, rhu(months[key]), float(months[key]))

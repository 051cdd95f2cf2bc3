import re,sys,collections,datetime
txt=open(sys.argv[1]).read()
def t(s):
    h,m,sec=s.split(':'); return int(h)*3600+int(m)*60+float(sec)
rows=[]
for e in txt.split('jdk.Compilation {')[1:]:
    e=e.split('jdk.')[0] if False else e
    d=re.search(r'duration = ([\d.]+) (\w+)',e); m=re.search(r'method = (.*)',e); lvl=re.search(r'compileLevel = (\d+)',e)
    st=re.search(r'startTime = (\S+)',e); ib=re.search(r'inlinedBytes = ([\d.]+) (\w+)',e)
    unit={'s':1000,'ms':1,'us':0.001,'ns':1e-6}[d.group(2)]
    rows.append((t(st.group(1)),float(d.group(1))*unit,int(lvl.group(1)),m.group(1).strip()))
t0=min(r[0] for r in rows)
b=collections.defaultdict(lambda:[0,0.0])
for r in rows:
    k=(int(r[0]-t0), r[2]==4); b[k][0]+=1; b[k][1]+=r[1]
print("sec: C2 n/ms | C1 n/ms")
for s in range(int(max(r[0] for r in rows)-t0)+1):
    print(s, "C2 %d/%.0f"%tuple(b[(s,True)]), "C1 %d/%.0f"%tuple(b[(s,False)]))
pk=collections.defaultdict(lambda:[0,0.0])
lo,hi=float(sys.argv[2]),float(sys.argv[3])
for r in rows:
    if r[2]==4 and lo<=r[0]-t0<hi:
        name=r[3]; pkg='.'.join(name.split('(')[0].split('.')[:3]); pk[pkg][0]+=1; pk[pkg][1]+=r[1]
print("C2 in window by package")
for k,v in sorted(pk.items(),key=lambda x:-x[1][1])[:25]: print("%5d %8.0f ms %s"%(v[0],v[1],k))
print("top C2 in window")
for r in sorted([r for r in rows if r[2]==4 and lo<=r[0]-t0<hi], key=lambda r:-r[1])[:30]: print("%5.1f s %7.0f ms %s"%(r[0]-t0, r[1], r[3][:140]))

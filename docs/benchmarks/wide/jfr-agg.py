import sys, json, collections, re
# usage: agg.py file.jfr [threadprefix]
import subprocess
f=sys.argv[1]; pre=sys.argv[2] if len(sys.argv)>2 else ''
out=subprocess.run(['jfr','print','--json','--stack-depth','64','--events','jdk.ExecutionSample,jdk.NativeMethodSample',f],capture_output=True,text=True).stdout
d=json.loads(out)
evs=d['recording']['events']
top=collections.Counter(); incl=collections.Counter(); thr=collections.Counter(); n=0
for e in evs:
    v=e['values']; t=(v.get('sampledThread') or {}).get('javaName') or '?'
    thr[t]+=1
    if not t.startswith(pre): continue
    if len(sys.argv)>3 and not any(sys.argv[3] in (x["method"]["type"]["name"]+"."+x["method"]["name"]) for x in (v["stackTrace"]["frames"] if v.get("stackTrace") else [])): continue
    n+=1
    fr=v['stackTrace']['frames'] if v.get('stackTrace') else []
    names=[x['method']['type']['name'].split('.')[-1]+'.'+x['method']['name'] for x in fr]
    if names: top[names[0]]+=1
    for s in set(names): incl[s]+=1
print('threads',thr.most_common(10)); print('n',n)
print('--top'); [print(f'{c:6d} {c*100/n:5.1f}% {k}') for k,c in top.most_common(25)]
print('--incl'); [print(f'{c:6d} {c*100/n:5.1f}% {k}') for k,c in incl.most_common(70)]

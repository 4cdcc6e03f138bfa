import bz2, json, sys, collections
from pymatgen.core import Structure
from pymatgen.symmetry.analyzer import SpacegroupAnalyzer
d=json.load(bz2.open(sys.argv[1]))['entries'][:int(sys.argv[2])]
same=higher=lower=0; sys_same=0; natoms=[]
cs=lambda n: 'tric' if n<=2 else 'mono' if n<=15 else 'orth' if n<=74 else 'tetr' if n<=142 else 'trig' if n<=167 else 'hex' if n<=194 else 'cub'
bad=collections.Counter()
for e in d:
    s=Structure.from_dict(e['structure']); natoms.append(len(s))
    n=SpacegroupAnalyzer(s, symprec=0.01).get_space_group_number()
    lab=e['data']['spg']
    same+= n==lab
    sys_same+= cs(n)==cs(lab)
    if cs(n)!=cs(lab): bad[(cs(lab),cs(n))]+=1
print('n',len(d),'same group',same,'same system',sys_same,'mean atoms',sum(natoms)/len(natoms),'max',max(natoms))
print(bad.most_common(10))

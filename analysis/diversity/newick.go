package diversity

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Tree is a rooted phylogenetic tree with its nodes in postorder: every
// node comes after its children, and the root is last.
type Tree struct {
	Parent []int     // index of the parent node; -1 for the root
	Length []float64 // length of the branch above the node; 0 when not given
	Name   []string  // label; "" when not given
	IsTip  []bool
}

// NewickError is a syntax error in a Newick tree, at a byte offset.
type NewickError struct {
	Offset int
	Msg    string
}

func (e *NewickError) Error() string {
	return fmt.Sprintf("newick: byte %d: %s", e.Offset, e.Msg)
}

// ErrNoTree is returned for input without a tree.
var ErrNoTree = errors.New("newick: no tree")

// ParseNewick reads one tree in Newick format,
//
//	tree   = node ";"
//	node   = [ "(" node { "," node } ")" ] [ label ] [ ":" length ]
//
// Labels are unquoted (underscores kept as they are, unlike scikit-bio's
// default convert_underscores=True) or single-quoted with ” for a quote;
// [comments] and whitespace between tokens are skipped. The root's branch
// length is kept (scikit-bio does the same; it counts in Faith's PD and
// UniFrac), and unary nodes are allowed. Missing lengths are 0. Anything
// after the ';' other than whitespace is an error, as is a NaN or infinite
// length.
func ParseNewick(data []byte) (*Tree, error) {
	p := &newickParser{s: string(data)}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.postorder(), nil
}

type newickParser struct {
	s        string
	pos      int
	parent   []int
	children [][]int
	name     []string
	length   []float64
	named    []bool
	hasLen   []bool
}

func (p *newickParser) errorf(format string, a ...any) error {
	return &NewickError{Offset: p.pos, Msg: fmt.Sprintf(format, a...)}
}

func (p *newickParser) node(parent int) int {
	n := len(p.parent)
	p.parent = append(p.parent, parent)
	p.children = append(p.children, nil)
	p.name = append(p.name, "")
	p.length = append(p.length, 0)
	p.named = append(p.named, false)
	p.hasLen = append(p.hasLen, false)
	if parent >= 0 {
		p.children[parent] = append(p.children[parent], n)
	}
	return n
}

// skip passes whitespace and [comments].
func (p *newickParser) skip() error {
	for p.pos < len(p.s) {
		switch c := p.s[p.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.pos++
		case c == '[':
			end := strings.IndexByte(p.s[p.pos:], ']')
			if end < 0 {
				return p.errorf("unterminated comment")
			}
			p.pos += end + 1
		default:
			return nil
		}
	}
	return nil
}

func (p *newickParser) parse() error {
	var open []int // internal nodes whose ")" has not come yet
	cur := -1      // the node a label or length belongs to; -1 before one exists
	top := func() int {
		if len(open) == 0 {
			return -1
		}
		return open[len(open)-1]
	}
	// leaf makes the current node, creating an unnamed leaf if there is none.
	leaf := func() error {
		if cur >= 0 {
			return nil
		}
		if len(open) == 0 && len(p.parent) > 0 {
			return p.errorf("more than one tree")
		}
		cur = p.node(top())
		return nil
	}
	for {
		if err := p.skip(); err != nil {
			return err
		}
		if p.pos == len(p.s) {
			if len(p.parent) == 0 {
				return ErrNoTree
			}
			return p.errorf("missing ';'")
		}
		switch c := p.s[p.pos]; c {
		case '(':
			if cur >= 0 {
				return p.errorf("unexpected '('")
			}
			if len(open) == 0 && len(p.parent) > 0 {
				return p.errorf("more than one tree")
			}
			open = append(open, p.node(top()))
			p.pos++
		case ',':
			if len(open) == 0 {
				return p.errorf("',' outside parentheses")
			}
			if err := leaf(); err != nil {
				return err
			}
			cur = -1
			p.pos++
		case ')':
			if len(open) == 0 {
				return p.errorf("unbalanced ')'")
			}
			if err := leaf(); err != nil {
				return err
			}
			cur = open[len(open)-1]
			open = open[:len(open)-1]
			p.pos++
		case ':':
			if err := leaf(); err != nil {
				return err
			}
			if p.hasLen[cur] {
				return p.errorf("second branch length")
			}
			p.pos++
			if err := p.skip(); err != nil {
				return err
			}
			start := p.pos
			for p.pos < len(p.s) && strings.IndexByte("0123456789+-.eE", p.s[p.pos]) >= 0 {
				p.pos++
			}
			v, err := strconv.ParseFloat(p.s[start:p.pos], 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				p.pos = start
				return p.errorf("bad branch length %q", p.s[start:p.pos])
			}
			p.length[cur], p.hasLen[cur] = v, true
		case ';':
			if len(open) > 0 {
				return p.errorf("unbalanced '('")
			}
			if err := leaf(); err != nil {
				return err
			}
			p.pos++
			if err := p.skip(); err != nil {
				return err
			}
			if p.pos != len(p.s) {
				return p.errorf("text after ';'")
			}
			return nil
		default:
			if cur >= 0 && (p.named[cur] || p.hasLen[cur]) {
				return p.errorf("unexpected label")
			}
			label, err := p.label()
			if err != nil {
				return err
			}
			if err := leaf(); err != nil {
				return err
			}
			p.name[cur], p.named[cur] = label, true
		}
	}
}

func (p *newickParser) label() (string, error) {
	if p.s[p.pos] == '\'' {
		var b strings.Builder
		p.pos++
		for {
			i := strings.IndexByte(p.s[p.pos:], '\'')
			if i < 0 {
				return "", p.errorf("unterminated quoted label")
			}
			b.WriteString(p.s[p.pos : p.pos+i])
			p.pos += i + 1
			if p.pos < len(p.s) && p.s[p.pos] == '\'' {
				b.WriteByte('\'')
				p.pos++
				continue
			}
			return b.String(), nil
		}
	}
	start := p.pos
	for p.pos < len(p.s) && strings.IndexByte("()[]':;, \t\n\r", p.s[p.pos]) < 0 {
		p.pos++
	}
	if p.pos == start {
		return "", p.errorf("unexpected %q", p.s[p.pos])
	}
	return p.s[start:p.pos], nil
}

// postorder renumbers the parsed nodes so that children precede parents.
func (p *newickParser) postorder() *Tree {
	n := len(p.parent)
	order := make([]int, 0, n)
	type frame struct{ node, next int }
	stack := []frame{{0, 0}}
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next < len(p.children[f.node]) {
			c := p.children[f.node][f.next]
			f.next++
			stack = append(stack, frame{c, 0})
			continue
		}
		order = append(order, f.node)
		stack = stack[:len(stack)-1]
	}
	newID := make([]int, n)
	for k, old := range order {
		newID[old] = k
	}
	t := &Tree{Parent: make([]int, n), Length: make([]float64, n), Name: make([]string, n), IsTip: make([]bool, n)}
	for k, old := range order {
		t.Parent[k] = -1
		if p.parent[old] >= 0 {
			t.Parent[k] = newID[p.parent[old]]
		}
		t.Length[k], t.Name[k], t.IsTip[k] = p.length[old], p.name[old], len(p.children[old]) == 0
	}
	return t
}

// TipIndex returns, for each name in ids, the node of the tip with that
// name. It is an error if a name is not a tip or two tips share a name
// that is asked for (scikit-bio raises MissingNodeError and
// DuplicateNodeError).
func (t *Tree) TipIndex(ids []string) ([]int, error) {
	tips := make(map[string]int)
	dup := make(map[string]bool)
	for i, name := range t.Name {
		if !t.IsTip[i] {
			continue
		}
		if _, ok := tips[name]; ok {
			dup[name] = true
		}
		tips[name] = i
	}
	idx := make([]int, len(ids))
	for k, id := range ids {
		i, ok := tips[id]
		if !ok {
			return nil, fmt.Errorf("tree: feature %q is not a tip of the tree", id)
		}
		if dup[id] {
			return nil, fmt.Errorf("tree: more than one tip is named %q", id)
		}
		idx[k] = i
	}
	return idx, nil
}

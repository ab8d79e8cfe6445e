//go:build !purego

#include "textflag.h"

// UPDATE4 is four entries of updateRowsAVX2 from off bytes past index AX:
// t = vr w + wr v; x = row - t; row = x; acc += x u; pu += x ur (p).
#define UPDATE4(off, t, x, p, acc) \
	VMULPD      off(DX)(AX*8), Y0, t \
	VFMADD231PD off(SI)(AX*8), Y1, t \
	VMOVUPD     off(DI)(AX*8), x     \
	VSUBPD      t, x, x              \
	VMOVUPD     x, off(DI)(AX*8)     \
	VFMADD231PD off(R8)(AX*8), x, acc \
	VMOVUPD     off(R9)(AX*8), p     \
	VFMADD231PD Y2, x, p             \
	VMOVUPD     p, off(R9)(AX*8)

// func updateRowsAVX2(row *float64, rowLen, rows int, v, w, u, pu *float64)
//
// The rows of a step of tridiagonalize (updateRow, one row after the
// other): row points at the diagonal entry of the first row, of rowLen
// entries; each next row starts rowLen entries further and is one entry
// shorter. v, w, u and pu point at the first row's diagonal column and
// move on by one entry a row. For a row with vr = v[0], wr = w[0],
// ur = u[0]: row[0] -= 2 vr wr; for j ≥ 1, x = row[j] - (vr w[j] + wr v[j]),
// row[j] = x, pu[j] += x ur; then pu[0] += Σ_j x_j u[j] (j ≥ 0). Eight
// entries a step in two groups of four, then four, then one at a time.
TEXT ·updateRowsAVX2(SB), NOSPLIT, $0-56
	MOVQ row+0(FP), DI
	MOVQ rowLen+8(FP), R10
	MOVQ rows+16(FP), R11
	MOVQ v+24(FP), SI
	MOVQ w+32(FP), DX
	MOVQ u+40(FP), R8
	MOVQ pu+48(FP), R9
	TESTQ R11, R11
	JLE  end

row:
	VBROADCASTSD (SI), Y0
	VBROADCASTSD (DX), Y1
	VBROADCASTSD (R8), Y2
	VMULSD       X1, X0, X5
	VADDSD       X5, X5, X5
	VMOVSD       (DI), X7
	VSUBSD       X5, X7, X7
	VMOVSD       X7, (DI)
	VMULSD       X2, X7, X13
	VXORPD       Y3, Y3, Y3
	VXORPD       Y4, Y4, Y4
	MOVQ         $1, AX
	MOVQ         R10, BX
	SUBQ         $8, BX

loop8:
	CMPQ        AX, BX
	JG          tail
	UPDATE4(0, Y5, Y7, Y8, Y3)
	UPDATE4(32, Y9, Y10, Y11, Y4)
	ADDQ        $8, AX
	JMP         loop8

tail:
	ADDQ        $4, BX
	CMPQ        AX, BX
	JG          tail1
	UPDATE4(0, Y5, Y7, Y8, Y3)
	ADDQ        $4, AX

tail1:
	CMPQ        AX, R10
	JGE         rowdone
	VMOVSD      (DX)(AX*8), X5
	VMULSD      X0, X5, X5
	VMOVSD      (SI)(AX*8), X6
	VFMADD231SD X1, X6, X5
	VMOVSD      (DI)(AX*8), X7
	VSUBSD      X5, X7, X7
	VMOVSD      X7, (DI)(AX*8)
	VMOVSD      (R8)(AX*8), X6
	VFMADD231SD X6, X7, X13
	VMOVSD      (R9)(AX*8), X8
	VFMADD231SD X2, X7, X8
	VMOVSD      X8, (R9)(AX*8)
	INCQ        AX
	JMP         tail1

rowdone:
	VADDPD       Y4, Y3, Y3
	VEXTRACTF128 $1, Y3, X4
	VADDPD       X4, X3, X3
	VPERMILPD    $1, X3, X4
	VADDSD       X4, X3, X3
	VADDSD       X13, X3, X3
	VADDSD       (R9), X3, X3
	VMOVSD       X3, (R9)
	LEAQ         (DI)(R10*8), DI
	ADDQ         $8, SI
	ADDQ         $8, DX
	ADDQ         $8, R8
	ADDQ         $8, R9
	DECQ         R10
	DECQ         R11
	JNZ          row

end:
	VZEROUPPER
	RET

// func dotAVX2(x, y *float64, n int) float64
//
// Σ x[j] y[j] in four groups of four lanes, then one at a time.
TEXT ·dotAVX2(SB), NOSPLIT, $0-32
	MOVQ   x+0(FP), SI
	MOVQ   y+8(FP), DI
	MOVQ   n+16(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD X13, X13, X13
	XORQ   AX, AX
	MOVQ   CX, BX
	ANDQ   $-16, BX
	JZ     dtail

dloop16:
	VMOVUPD     (SI)(AX*8), Y4
	VFMADD231PD (DI)(AX*8), Y4, Y0
	VMOVUPD     32(SI)(AX*8), Y5
	VFMADD231PD 32(DI)(AX*8), Y5, Y1
	VMOVUPD     64(SI)(AX*8), Y6
	VFMADD231PD 64(DI)(AX*8), Y6, Y2
	VMOVUPD     96(SI)(AX*8), Y7
	VFMADD231PD 96(DI)(AX*8), Y7, Y3
	ADDQ        $16, AX
	CMPQ        AX, BX
	JL          dloop16

dtail:
	MOVQ CX, BX
	ANDQ $-4, BX

dloop4:
	CMPQ        AX, BX
	JGE         dtail1
	VMOVUPD     (SI)(AX*8), Y4
	VFMADD231PD (DI)(AX*8), Y4, Y0
	ADDQ        $4, AX
	JMP         dloop4

dtail1:
	CMPQ        AX, CX
	JGE         ddone
	VMOVSD      (SI)(AX*8), X4
	VFMADD231SD (DI)(AX*8), X4, X13
	INCQ        AX
	JMP         dtail1

ddone:
	VADDPD       Y1, Y0, Y0
	VADDPD       Y3, Y2, Y2
	VADDPD       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VPERMILPD    $1, X0, X1
	VADDSD       X1, X0, X0
	VADDSD       X13, X0, X0
	VZEROUPPER
	MOVSD        X0, ret+24(FP)
	RET

// func axpyAVX2(a float64, x, y *float64, n int)
//
// y[j] += a x[j], eight a step, then one at a time.
TEXT ·axpyAVX2(SB), NOSPLIT, $0-32
	VBROADCASTSD a+0(FP), Y0
	MOVQ         x+8(FP), SI
	MOVQ         y+16(FP), DI
	MOVQ         n+24(FP), CX
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-8, BX
	JZ           atail

aloop8:
	VMOVUPD     (DI)(AX*8), Y1
	VFMADD231PD (SI)(AX*8), Y0, Y1
	VMOVUPD     Y1, (DI)(AX*8)
	VMOVUPD     32(DI)(AX*8), Y2
	VFMADD231PD 32(SI)(AX*8), Y0, Y2
	VMOVUPD     Y2, 32(DI)(AX*8)
	ADDQ        $8, AX
	CMPQ        AX, BX
	JL          aloop8

atail:
	CMPQ        AX, CX
	JGE         adone
	VMOVSD      (DI)(AX*8), X1
	VFMADD231SD (SI)(AX*8), X0, X1
	VMOVSD      X1, (DI)(AX*8)
	INCQ        AX
	JMP         atail

adone:
	VZEROUPPER
	RET

package mspeval

import (
	"time"
)

// Role is a member's power in a workspace.
type Role string

const (
	RoleViewer Role = "viewer" // reads everything in the workspace
	RoleEditor Role = "editor" // evaluations, candidates, invitations, answers
	RoleOwner  Role = "owner"  // and members and API tokens
)

func (r Role) rank() int {
	switch r {
	case RoleOwner:
		return 3
	case RoleEditor:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r includes the powers of min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() }

// Lesser returns the weaker of two roles: a token never acts above its user.
func Lesser(a, b Role) Role {
	if a.rank() < b.rank() {
		return a
	}
	return b
}

// Workspace holds everything a team evaluates; nothing crosses between workspaces.
type Workspace struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	// DateStyle and TimeZone say how the workspace's documents write dates;
	// empty means the default (DefaultDates).
	DateStyle DateStyle `json:"date_style"`
	TimeZone  string    `json:"time_zone"`
}

// Dates is how the workspace's documents write dates. A stored choice that
// this build no longer knows falls back to the default rather than failing
// every report.
func (w Workspace) Dates() Dates {
	d, err := NewDates(string(w.DateStyle), w.TimeZone)
	if err != nil {
		return DefaultDates()
	}
	return d
}

// User is a person who signs in. The password hash never leaves the store.
type User struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Membership is a user's role in one workspace.
type Membership struct {
	WorkspaceID   string `json:"workspace_id"`
	WorkspaceName string `json:"workspace_name"`
	Role          Role   `json:"role"`
}

// Caller is who is asking: a signed-in user acting in one workspace, through a
// browser session or an API token. Every store method that reads or writes
// workspace data takes a Caller and scopes its queries by WorkspaceID.
type Caller struct {
	UserID      string
	Email       string
	Name        string
	WorkspaceID string
	Role        Role
	// TimeZone is the workspace's time zone ("" for UTC), so that pages show
	// times where the team works.
	TimeZone string
	// TokenID is set when the caller authenticated with an API token.
	TokenID string
}

// Require returns EFORBIDDEN unless the caller's role includes min.
func (c Caller) Require(min Role) error {
	if !c.Role.AtLeast(min) {
		return Errorf(EFORBIDDEN, "this needs the %s role; you are %s in this workspace", min, c.Role)
	}
	return nil
}

// APIToken is a bearer token for scripts. Its secret is shown once and stored hashed.
type APIToken struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Role       Role       `json:"role"`
	Hint       string     `json:"hint"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// Member is a user's membership as the workspace's members see it.
type Member struct {
	UserID   string    `json:"user_id"`
	Email    string    `json:"email"`
	Name     string    `json:"name"`
	Role     Role      `json:"role"`
	JoinedAt time.Time `json:"joined_at"`
}
